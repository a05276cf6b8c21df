package routes;

import caravan.failure.Problem;
import org.apache.camel.model.rest.RestDefinition;

/** What every operation of the REST API documents: the bearer token and its problems, for each route builder of it. */
final class RestErrors {
    /** The security scheme every /api operation needs (declared once, in {@link ApiRoutes}). */
    static final String BEARER = "bearer";

    private RestErrors() {
    }

    /** The bearer token, the errors every call can meet, and this call's own ("404 what it means (CODE)"). */
    static RestDefinition errors(RestDefinition verb, String... own) {
        verb.security(BEARER);
        problem(verb, "401 no valid bearer token (UNAUTHORIZED)");
        for (String error : own) {
            problem(verb, error);
        }
        return problem(verb, "500 a bug; logged on the server (INTERNAL_ERROR)");
    }

    /** One documented problem answer: "404 what it means (CODE)". */
    static RestDefinition problem(RestDefinition verb, String error) {
        return verb.responseMessage().code(error.substring(0, 3)).message(error.substring(4)).contentType(Problem.MEDIA_TYPE)
                .responseModel(Problem.class).endResponseMessage();
    }
}
