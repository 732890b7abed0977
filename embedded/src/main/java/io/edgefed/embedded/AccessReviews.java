package io.edgefed.embedded;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The answers of the authorization API to "what may I do?" (SelfSubjectRulesReview, SelfSubjectAccessReview): the
 * embedded API server authenticates nobody and lets everyone do everything, so it says so, as a real API server says
 * what RBAC allows. The operator SDK asks before it campaigns for its leader-election Lease (the operator's
 * production profile), and refuses to start when the answer lacks the Lease's verbs. A review is answered, never
 * stored.
 */
final class AccessReviews {

    private static final String GROUP_PATH = "/apis/authorization.k8s.io/v1/";
    private static final Map<String, Object> EVERYTHING = Map.of("verbs", List.of("*"), "apiGroups", List.of("*"),
            "resources", List.of("*"));

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** Whether the request creates one of the reviews answered here. */
    static boolean isReview(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return bare.equals(GROUP_PATH + "selfsubjectrulesreviews") || bare.equals(GROUP_PATH + "selfsubjectaccessreviews");
    }

    @SuppressWarnings("unchecked")
    MockResponse answer(RecordedRequest request) {
        Map<String, Object> review;
        try {
            review = serialization.unmarshal(request.getUtf8Body(), Map.class);
        } catch (RuntimeException unreadable) {
            return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"reason\":\"BadRequest\",\"code\":400,\"message\":\"not a review\"}");
        }
        Map<String, Object> answered = new java.util.LinkedHashMap<>(review == null ? Map.of() : review);
        if (request.getPath().contains("selfsubjectrulesreviews")) {
            answered.put("status", Map.of("resourceRules", List.of(EVERYTHING),
                    "nonResourceRules", List.of(Map.of("verbs", List.of("*"), "nonResourceURLs", List.of("*"))),
                    "incomplete", false));
        } else {
            answered.put("status", Map.of("allowed", true, "reason", "the embedded API server authorizes everyone"));
        }
        return new MockResponse().setResponseCode(201).setBody(serialization.asJson(answered));
    }
}
