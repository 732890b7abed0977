package io.edgefed.operator.sliver;

import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;

/**
 * Says in one sentence, for the Sliver's {@code Reconciled} condition, why the operator could not put a Sliver's
 * objects in place: which object, and what the API server answered (a 403 from missing RBAC, a 422 from an admission
 * policy). The exception's class names and stack stay in the operator's log.
 */
final class SliverReconcileFailure {

    /** A condition message is read in {@code kubectl describe}; an API server's answer can be long. */
    static final int MAX_MESSAGE = 1000;

    private SliverReconcileFailure() {
    }

    static String describe(Exception failure) {
        String described;
        AggregatedOperatorException aggregated = workflowFailure(failure);
        if (aggregated != null && !aggregated.getAggregatedExceptions().isEmpty()) {
            described = aggregated.getAggregatedExceptions().entrySet().stream()
                    .map(SliverReconcileFailure::describeDependent)
                    .sorted()
                    .collect(Collectors.joining("; "));
        } else {
            described = "the operator could not reconcile the Sliver: " + answer(failure);
        }
        String sentence = described + "; the operator retries";
        return sentence.length() <= MAX_MESSAGE ? sentence : sentence.substring(0, MAX_MESSAGE - 1) + "…";
    }

    /** The workflow's failure, also when the SDK's metrics wrapped it (they rethrow it as the cause of another). */
    private static AggregatedOperatorException workflowFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregatedOperatorException aggregated) {
                return aggregated;
            }
        }
        return null;
    }

    private static String describeDependent(Map.Entry<String, Exception> failed) {
        return "the operator could not write the " + objectName(failed.getKey()) + ": " + answer(failed.getValue());
    }

    /** The dependent's class (the SDK names dependents after it) without the package and the "Sliver" prefix. */
    private static String objectName(String dependent) {
        String simple = dependent.substring(dependent.lastIndexOf('.') + 1);
        return switch (simple) {
            case "SliverDeployment" -> "Deployment";
            case "SliverService" -> "Service";
            case "SliverAuthorizedKeys" -> "authorized_keys ConfigMap";
            case "SliceNetworkPolicy" -> "slice's NetworkPolicy";
            default -> simple;
        };
    }

    private static String answer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException api && api.getCode() > 0) {
                Status status = api.getStatus();
                String reason = status != null && status.getReason() != null ? " " + status.getReason() : "";
                String message = status != null && status.getMessage() != null ? ": " + status.getMessage() : "";
                return "the API server answered " + api.getCode() + reason + message;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : "an unexpected error (see the operator's log)";
    }
}
