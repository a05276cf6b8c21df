package caravan.store;

import caravan.asset.Asset;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.List;

/**
 * What an asset change causes and must never exist without (an outcome's event): a store that can write it in the
 * same transaction as the change does so with {@link #items}; any other store writes the change, then calls
 * {@link #afterWrite}. Exactly one of the two takes effect for a committed change.
 */
public interface AlongsideWrites {

    /** DynamoDB items to commit with the changed asset (on the asset's table); empty when there is nothing to add. */
    List<TransactWriteItem> items(Asset changed);

    /** The change is written without {@link #items}: record what follows from it now. */
    void afterWrite(Asset changed);
}
