package caravan.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the DynamoDB reads (GetItem, Query, Scan and their batch forms) of every SDK client in this JVM, so a test
 * can bound the store reads of a Caravan it runs in-process. Registered for all clients by the SDK's global
 * interceptor list ({@code software/amazon/awssdk/global/handlers/execution.interceptors} in the test resources);
 * it counts nothing until a test starts it, and never the reads made on threads the test excludes (its own checks).
 */
public final class DynamoReads implements ExecutionInterceptor {
    private static final AtomicLong READS = new AtomicLong();
    private static final Map<String, AtomicLong> BY_KIND = new ConcurrentHashMap<>();
    private static final Set<Thread> EXCLUDED = ConcurrentHashMap.newKeySet();
    private static volatile boolean counting;

    /** Starts counting from zero, leaving out reads made on the calling thread. */
    public static void start() {
        EXCLUDED.add(Thread.currentThread());
        READS.set(0);
        BY_KIND.clear();
        counting = true;
    }

    public static long count() {
        return READS.get();
    }

    /** The reads by request and by the (numberless) name of the thread that made them: to see where they go. */
    public static Map<String, Long> byKind() {
        Map<String, Long> out = new TreeMap<>();
        BY_KIND.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public static void stop() {
        counting = false;
        EXCLUDED.clear();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!counting || EXCLUDED.contains(Thread.currentThread())) {
            return;
        }
        Object request = context.request();
        if (request instanceof GetItemRequest || request instanceof QueryRequest || request instanceof ScanRequest
                || request instanceof BatchGetItemRequest || request instanceof TransactGetItemsRequest) {
            READS.incrementAndGet();
            String thread = Thread.currentThread().getName().replaceAll("[0-9]+", "#");
            BY_KIND.computeIfAbsent(request.getClass().getSimpleName().replace("Request", "") + " on " + thread,
                    k -> new AtomicLong()).incrementAndGet();
        }
    }
}
