package io.edgefed.operator.sliver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverStatus;
import io.edgefed.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.AdditionalRBACRules;
import io.quarkiverse.operatorsdk.annotations.RBACRule;

/**
 * Turns a provisioned {@link Sliver} into an SSH-reachable container and deletes it when it expires.
 * <p>
 * The dependents make the objects (only while {@link ContainerWanted}); this class derives the status from what the
 * caches show ({@link SliverStates}) and schedules the next reconciliation for the expiry instant. At that instant the
 * Sliver is deleted first, before its objects ({@link SliverExpiry}), which is why the workflow is invoked explicitly:
 * only for a Sliver that has not expired. Annotation changes (a Renew moves the expiry) do not bump the generation, so
 * every event is processed, not only spec changes. The status is written by {@link SliverStatusWrite}, not through
 * {@code UpdateControl.patchStatus}, so that a spec change crossing that write is not lost.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(type = SliverAuthorizedKeys.class, reconcilePrecondition = ContainerWanted.class),
        @Dependent(type = SliverDeployment.class, reconcilePrecondition = ContainerWanted.class),
        @Dependent(type = SliverService.class, reconcilePrecondition = ContainerWanted.class),
        @Dependent(type = SliceNetworkPolicy.class, reconcilePrecondition = ContainerWanted.class) })
@ControllerConfiguration(name = SliverReconciler.NAME, generationAwareEventProcessing = false)
@AdditionalRBACRules({
        @RBACRule(apiGroups = "", resources = "pods", verbs = { "get", "list", "watch" }),
        @RBACRule(apiGroups = "", resources = "nodes", verbs = { "get", "list", "watch" }),
        // The slice's policy is not deleted by the workflow (it is shared) but by SliverExpiry with the last sliver.
        @RBACRule(apiGroups = "networking.k8s.io", resources = "networkpolicies", verbs = "delete") })
public class SliverReconciler implements Reconciler<Sliver> {

    /** The controller's name, as used in {@code quarkus.operator-sdk.controllers.<name>.*}. */
    public static final String NAME = "sliver";

    private static final Logger LOG = Logger.getLogger(SliverReconciler.class);

    @Inject
    OperatorConfig config;

    @Inject
    SliverExpiry expiry;

    @Inject
    SliverMetrics metrics;

    @Override
    public List<EventSource<?, Sliver>> prepareEventSources(EventSourceContext<Sliver> context) {
        context.getPrimaryCache().addIndexer(SliceNetworkPolicy.SLICE_INDEX, SliceNetworkPolicy::sliceKey);
        context.getPrimaryCache().addIndexer(SliverEventSources.NODE_INDEX, SliverEventSources::nodeKeys);
        metrics.count(context.getPrimaryCache());
        return List.of(SliverEventSources.pods(context), SliverEventSources.nodes(context));
    }

    @Override
    public UpdateControl<Sliver> reconcile(Sliver sliver, Context<Sliver> context) {
        Instant now = Instant.now();
        if (Expiry.of(sliver).isExpiredAt(now)) {
            expiry.expire(sliver, context);
            return UpdateControl.noUpdate();
        }
        metrics.beforeWorkflow(sliver, context, now);
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
                .throwAggregateExceptionIfErrorsPresent();
        SliverStatus status = SliverStates.derive(sliver, observe(sliver, context), now);
        if (!sameAs(sliver.getStatus(), status, context)) {
            // On a conflict the crossing change's event brings the Sliver back, with the status derived afresh.
            SliverStatusWrite.onVersionReconciled(sliver, status, context);
        }
        Expiry expires = Expiry.of(sliver);
        Duration next = config.resyncPeriod();
        if (expires.isValid() && Duration.between(now, expires.instant()).compareTo(next) < 0) {
            next = Duration.between(now, expires.instant());
        }
        return UpdateControl.<Sliver>noUpdate().rescheduleAfter(next);
    }

    /**
     * A dependent that cannot be written (a 403 from missing RBAC, a 422 from an admission policy) shows as the
     * condition {@code Reconciled=False} with the API server's answer, so {@code kubectl describe sliver} says why
     * nothing runs. The SDK keeps retrying; the next successful reconciliation sets the condition true again.
     */
    @Override
    public ErrorStatusUpdateControl<Sliver> updateErrorStatus(Sliver sliver, Context<Sliver> context, Exception e) {
        SliverStatus status = sliver.getStatus() != null ? sliver.getStatus() : new SliverStatus();
        List<io.fabric8.kubernetes.api.model.Condition> conditions = SliverConditions.withReconcileFailure(
                status.getConditions(), SliverReconcileFailure.describe(e), sliver.getMetadata().getGeneration(),
                Instant.now());
        if (!conditions.equals(status.getConditions())) {
            status.setConditions(conditions);
            try {
                SliverStatusWrite.onVersionReconciled(sliver, status, context);
            } catch (RuntimeException unwritable) {
                LOG.debugf(unwritable, "the failure of Sliver %s could not be written to its status either",
                        sliver.getMetadata().getName());
            }
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private SliverObservation observe(Sliver sliver, Context<Sliver> context) {
        var nodeCache = (InformerEventSource<Node, Sliver>) context.eventSourceRetriever().getEventSourceFor(Node.class);
        List<Node> nodes = nodeCache.list().toList();
        return new SliverObservation(
                context.getSecondaryResource(Deployment.class),
                List.copyOf(context.getSecondaryResources(Pod.class)),
                context.getSecondaryResource(Service.class),
                nodes,
                config.login().fallbackHost());
    }

    private static boolean sameAs(SliverStatus current, SliverStatus derived, Context<Sliver> context) {
        var json = context.getClient().getKubernetesSerialization();
        return current != null && Objects.equals(json.asJson(current), json.asJson(derived));
    }
}
