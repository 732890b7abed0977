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
        OperatorConfig.LeaderElection election = config.leaderElection();
        return new LeaderElectionConfiguration(election.leaseName(), election.leaseNamespace().orElse(null),
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                null, null, election.exitOnStopLeading());
    }
}
