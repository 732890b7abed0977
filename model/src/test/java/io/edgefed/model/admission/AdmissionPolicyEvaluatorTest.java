package io.edgefed.model.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgefed.model.admission.AdmissionPolicyEvaluator.PolicyExpressionFailed;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;

/** A broken expression fails the test that meets it, as failurePolicy Fail denies: it never reads as allowed. */
class AdmissionPolicyEvaluatorTest {

    private static final Map<String, Object> CREATE_CONFIGMAP = Map.of("operation", "CREATE",
            "userInfo", Map.of("username", "someone"),
            "resource", Map.of("group", "", "version", "v1", "resource", "configmaps"));
    private static final Map<String, Object> CONFIGMAP = Map.of("metadata", Map.of("name", "cm"));

    @Test
    void expressionThatDoesNotCompileFailsLoading() {
        assertThatThrownBy(() -> new AdmissionPolicyEvaluator(policy("object.metadata.name ==", null)))
                .isInstanceOf(PolicyExpressionFailed.class).hasMessageContaining("does not compile");
    }

    @Test
    void kubernetesLibraryFunctionsAreNotStandardCelAndDoNotCompile() {
        String kubernetesStringsLibrary = "object.metadata.name.lowerAscii() == 'cm'";
        assertThatThrownBy(() -> new AdmissionPolicyEvaluator(policy(kubernetesStringsLibrary, null)))
                .isInstanceOf(PolicyExpressionFailed.class).hasMessageContaining("does not compile");
    }

    @Test
    void expressionThatFailsToEvaluateThrowsInsteadOfAllowing() {
        AdmissionPolicyEvaluator evaluator = new AdmissionPolicyEvaluator(policy("object.spec.node == 'x'", null));
        assertThatThrownBy(() -> evaluator.evaluate(CREATE_CONFIGMAP, CONFIGMAP, null))
                .isInstanceOf(PolicyExpressionFailed.class).hasMessageContaining("fails to evaluate");
    }

    @Test
    void validationThatIsNotBooleanThrows() {
        AdmissionPolicyEvaluator evaluator = new AdmissionPolicyEvaluator(policy("object.metadata.name", null));
        assertThatThrownBy(() -> evaluator.evaluate(CREATE_CONFIGMAP, CONFIGMAP, null))
                .isInstanceOf(PolicyExpressionFailed.class).hasMessageContaining("where a Boolean was expected");
    }

    @Test
    void deniesWithTheMessageExpressionOrElseTheMessage() {
        String rejectAll = "object.metadata.name == 'other'";
        assertThat(new AdmissionPolicyEvaluator(policy(rejectAll, "'no ' + object.metadata.name"))
                .evaluate(CREATE_CONFIGMAP, CONFIGMAP, null).message()).isEqualTo("no cm");
        assertThat(new AdmissionPolicyEvaluator(policy(rejectAll, null))
                .evaluate(CREATE_CONFIGMAP, CONFIGMAP, null).message()).isEqualTo("static message");
    }

    private static ValidatingAdmissionPolicy policy(String validation, String messageExpression) {
        return new ValidatingAdmissionPolicyBuilder().withNewMetadata().withName("test-policy").endMetadata()
                .withNewSpec().withFailurePolicy("Fail")
                .withNewMatchConstraints().addNewResourceRule().withApiGroups("").withApiVersions("*")
                .withOperations("CREATE").withResources("configmaps").endResourceRule().endMatchConstraints()
                .addNewValidation().withExpression(validation).withMessage("static message")
                .withMessageExpression(messageExpression).endValidation()
                .endSpec().build();
    }
}
