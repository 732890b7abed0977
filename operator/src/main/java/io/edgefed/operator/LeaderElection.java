package io.edgefed.operator;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

/**
 * Runs the operator under leader election: every replica starts, only the holder of the Lease reconciles, and another
 * takes over when the holder stops renewing it. The operator SDK activates it in the {@code prod} profile only
 * ({@code quarkus.operator-sdk.activate-leader-election-for-profiles}), so tests run without a Lease.
 */
public class LeaderElection {

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        return config.leaderElection().leaseNamespace()
                .map(namespace -> new LeaderElectionConfiguration(config.leaderElection().leaseName(), namespace))
                .orElseGet(() -> new LeaderElectionConfiguration(config.leaderElection().leaseName()));
    }
}
