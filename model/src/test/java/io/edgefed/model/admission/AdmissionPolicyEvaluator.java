package io.edgefed.model.admission;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchResources;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicySpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Decides one admission request with a ValidatingAdmissionPolicy's CEL the way the API server does under
 * failurePolicy Fail: matchConstraints.resourceRules and matchConditions decide whether the policy applies, the
 * variables are evaluated in order (each sees the earlier ones as {@code variables.<name>}), and the first failing
 * validation denies with its messageExpression, else its message. An expression that does not compile, fails to
 * evaluate or yields the wrong type throws {@link PolicyExpressionFailed}: never read as "allowed".
 * <p>
 * What this does not cover, compared with a real API server (the k3s test in the operator module stays the
 * end-to-end check):
 * <ul>
 * <li>No type checking against the CRDs' schemas: {@code object}, {@code oldObject}, {@code request},
 * {@code params} and {@code variables} are all {@code dyn}, so a misspelt field or variable name shows only when a
 * request reaches it, as "key is not present in map".</li>
 * <li>Only standard CEL and its macros ({@code has}, {@code all}, {@code exists}, ...). Kubernetes' library
 * extensions (strings, lists, regex, url, quantity, authorizer, optional types, ...) are not declared here, so an
 * expression using one fails to compile: a policy that compiles here needs none of them.</li>
 * <li>No cost estimation or runtime cost limits, and no check of Kubernetes' limits on expression length.</li>
 * <li>Variables are evaluated eagerly, in order; Kubernetes evaluates them lazily when first referenced, so a
 * variable that fails here might go unreached there. Likewise every validation and match condition is evaluated and
 * any failure throws, where Kubernetes lets a false match condition win over another one's error.</li>
 * <li>A messageExpression that fails or yields no one-line string throws here; Kubernetes falls back to message.</li>
 * <li>Bindings, namespace and object selectors, paramKind, excludeResourceRules and auditAnnotations are not
 * evaluated; a policy that relies on any of them except auditAnnotations is refused.</li>
 * </ul>
 */
final class AdmissionPolicyEvaluator {

    /** The API server's answer; {@code policyApplied} is false when the request was not matched at all. */
    record Decision(boolean allowed, boolean policyApplied, String reason, String message) {

        static Decision notMatched() {
            return new Decision(true, false, null, null);
        }

        static Decision admitted() {
            return new Decision(true, true, null, null);
        }

        static Decision denied(String reason, String message) {
            return new Decision(false, true, reason, message);
        }
    }

    static final class PolicyExpressionFailed extends RuntimeException {
        PolicyExpressionFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Expression(String source, CelRuntime.Program program) {
    }

    private record CompiledValidation(Validation validation, Expression check, Expression message) {
    }

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("object", SimpleType.DYN)
            .addVar("oldObject", SimpleType.DYN)
            .addVar("request", SimpleType.DYN)
            .addVar("params", SimpleType.DYN)
            .addVar("variables", SimpleType.DYN)
            .build();

    private final String name;
    private final MatchResources matchConstraints;
    private final Map<String, Expression> matchConditions = new LinkedHashMap<>();
    private final Map<String, Expression> variables = new LinkedHashMap<>();
    private final List<CompiledValidation> validations = new ArrayList<>();

    AdmissionPolicyEvaluator(ValidatingAdmissionPolicy policy) {
        this.name = policy.getMetadata().getName();
        ValidatingAdmissionPolicySpec spec = policy.getSpec();
        refuseWhatIsNotEvaluated(spec);
        this.matchConstraints = spec.getMatchConstraints();
        for (MatchCondition condition : spec.getMatchConditions()) {
            matchConditions.put(condition.getName(), compile(condition.getExpression()));
        }
        for (Variable variable : spec.getVariables()) {
            variables.put(variable.getName(), compile(variable.getExpression()));
        }
        for (Validation validation : spec.getValidations()) {
            String messageExpression = validation.getMessageExpression();
            validations.add(new CompiledValidation(validation, compile(validation.getExpression()),
                    messageExpression == null || messageExpression.isBlank() ? null : compile(messageExpression)));
        }
    }

    /** The single ValidatingAdmissionPolicy in a manifest file (which may hold other objects, such as its binding). */
    static AdmissionPolicyEvaluator load(Path manifest) throws IOException {
        Object parsed;
        try (InputStream in = Files.newInputStream(manifest)) {
            parsed = new KubernetesSerialization().unmarshal(in);
        }
        List<?> items = parsed instanceof KubernetesList list ? list.getItems()
                : parsed instanceof List<?> list ? list : List.of(parsed);
        List<ValidatingAdmissionPolicy> policies = items.stream().filter(ValidatingAdmissionPolicy.class::isInstance)
                .map(ValidatingAdmissionPolicy.class::cast).toList();
        if (policies.size() != 1) {
            throw new IllegalArgumentException(manifest + " holds " + policies.size() + " ValidatingAdmissionPolicies");
        }
        return new AdmissionPolicyEvaluator(policies.get(0));
    }

    /**
     * @param request the admission request: operation, userInfo.username, resource.{group,version,resource} and
     *            subResource ("" or absent for the main resource)
     * @param object the object as the request leaves it, null on DELETE
     * @param oldObject the object as it was, null on CREATE
     */
    Decision evaluate(Map<String, Object> request, Map<String, Object> object, Map<String, Object> oldObject) {
        if (!matchesResourceRules(request)) {
            return Decision.notMatched();
        }
        Map<String, Object> activation = new LinkedHashMap<>();
        activation.put("request", request);
        activation.put("object", object == null ? NullValue.NULL_VALUE : object);
        activation.put("oldObject", oldObject == null ? NullValue.NULL_VALUE : oldObject);
        activation.put("params", NullValue.NULL_VALUE);
        Map<String, Object> evaluatedVariables = new LinkedHashMap<>();
        activation.put("variables", evaluatedVariables);

        boolean matched = true;
        for (Expression condition : matchConditions.values()) {
            matched &= evaluate(condition, activation, Boolean.class);
        }
        if (!matched) {
            return Decision.notMatched();
        }
        for (Map.Entry<String, Expression> variable : variables.entrySet()) {
            evaluatedVariables.put(variable.getKey(), evaluate(variable.getValue(), activation, Object.class));
        }
        Decision decision = Decision.admitted();
        for (CompiledValidation compiled : validations) {
            boolean passed = evaluate(compiled.check(), activation, Boolean.class);
            if (!passed && decision.allowed()) {
                decision = Decision.denied(compiled.validation().getReason(), message(compiled, activation));
            }
        }
        return decision;
    }

    private String message(CompiledValidation compiled, Map<String, Object> activation) {
        if (compiled.message() != null) {
            String message = evaluate(compiled.message(), activation, String.class);
            if (message.isBlank() || message.contains("\n")) {
                throw new PolicyExpressionFailed("messageExpression of " + name + " yields no one-line message: \""
                        + message + "\"\n" + compiled.message().source(), null);
            }
            return message;
        }
        Validation validation = compiled.validation();
        return validation.getMessage() != null && !validation.getMessage().isBlank() ? validation.getMessage()
                : "failed expression: " + validation.getExpression().strip();
    }

    private boolean matchesResourceRules(Map<String, Object> request) {
        @SuppressWarnings("unchecked")
        Map<String, Object> resource = (Map<String, Object>) request.get("resource");
        String operation = (String) request.get("operation");
        String subResource = (String) request.getOrDefault("subResource", "");
        return matchConstraints.getResourceRules().stream().anyMatch(rule ->
                matchesOrWildcard(rule.getApiGroups(), resource.get("group"))
                && matchesOrWildcard(rule.getApiVersions(), resource.get("version"))
                && matchesOrWildcard(rule.getOperations(), operation)
                && matchesResource(rule, (String) resource.get("resource"), subResource));
    }

    private static boolean matchesOrWildcard(List<String> allowed, Object value) {
        return allowed.contains("*") || allowed.contains(value);
    }

    /** As the API server's rule matcher: "res" or "res/sub", where either part may be "*". */
    private static boolean matchesResource(NamedRuleWithOperations rule, String resource, String subResource) {
        return rule.getResources().stream().anyMatch(entry -> {
            int slash = entry.indexOf('/');
            String res = slash < 0 ? entry : entry.substring(0, slash);
            String sub = slash < 0 ? "" : entry.substring(slash + 1);
            return (res.equals("*") || res.equals(resource)) && (sub.equals("*") || sub.equals(subResource));
        });
    }

    private static void refuseWhatIsNotEvaluated(ValidatingAdmissionPolicySpec spec) {
        MatchResources match = spec.getMatchConstraints();
        boolean selectors = hasSelector(match.getNamespaceSelector()) || hasSelector(match.getObjectSelector());
        if (spec.getParamKind() != null || !match.getExcludeResourceRules().isEmpty() || selectors
                || match.getResourceRules().stream().anyMatch(rule -> !rule.getResourceNames().isEmpty())) {
            throw new IllegalArgumentException("the policy uses paramKind, excludeResourceRules, resourceNames or "
                    + "selectors, which this evaluator does not evaluate");
        }
        if (!"Fail".equals(spec.getFailurePolicy())) {
            throw new IllegalArgumentException("only failurePolicy Fail is modelled, not " + spec.getFailurePolicy());
        }
    }

    private static boolean hasSelector(LabelSelector selector) {
        return selector != null
                && (!selector.getMatchLabels().isEmpty() || !selector.getMatchExpressions().isEmpty());
    }

    private Expression compile(String source) {
        try {
            return new Expression(source, CEL.createProgram(CEL.compile(source).getAst()));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new PolicyExpressionFailed("expression of " + name + " does not compile:\n" + source, e);
        }
    }

    private <T> T evaluate(Expression expression, Map<String, Object> activation, Class<T> type) {
        Object result;
        try {
            result = expression.program().eval(activation);
        } catch (CelEvaluationException e) {
            throw new PolicyExpressionFailed("expression of " + name + " fails to evaluate (" + e.getMessage()
                    + "):\n" + expression.source(), e);
        }
        if (!type.isInstance(result) || result instanceof CelUnknownSet) {
            throw new PolicyExpressionFailed("expression of " + name + " yields " + result + " where a "
                    + type.getSimpleName() + " was expected:\n" + expression.source(), null);
        }
        return type.cast(result);
    }
}
