package io.edgefed.operator;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The operator's settings, under {@code edgefed.operator.*} in {@code application.properties} or as environment
 * variables ({@code EDGEFED_OPERATOR_CONTAINER_CPU_LIMIT}, ...).
 */
@ConfigMapping(prefix = "edgefed.operator")
public interface OperatorConfig {

    /** What every sliver's container gets. */
    Container container();

    /** How {@code status.login} is filled. */
    Login login();

    /** Leader election, so that two replicas can run and only one reconciles. */
    LeaderElection leaderElection();

    /**
     * Every Sliver is reconciled at least this often, even without an event. A safety net for an event lost for any
     * reason (a watch that reconnects); the crossing of the AM's spec write with the operator's status write, which
     * once lost one, is handled by {@code SliverStatusWrite}.
     */
    @WithDefault("PT1M")
    java.time.Duration resyncPeriod();

    /** Resources and privileges of a sliver's container. */
    interface Container {

        /** CPU the scheduler reserves for a sliver. */
        @WithDefault("100m")
        String cpuRequest();

        /** CPU a sliver may use at most. */
        @WithDefault("1")
        String cpuLimit();

        /** Memory the scheduler reserves for a sliver. */
        @WithDefault("128Mi")
        String memoryRequest();

        /** Memory a sliver may use at most; above it the container is killed. */
        @WithDefault("512Mi")
        String memoryLimit();

        /**
         * The only Linux capabilities the container keeps (all others are dropped). The default is what sshd needs to
         * log a user in: bind port 22 (NET_BIND_SERVICE), change to the user (SETUID, SETGID), chroot its
         * privilege-separation child (SYS_CHROOT), hand the pty to the user (CHOWN, FOWNER), read keys and homes
         * owned by other users (DAC_OVERRIDE), write the login audit record PAM insists on (AUDIT_WRITE), and end the
         * user's session processes on disconnect (KILL). Docker's defaults NET_RAW, MKNOD, SETFCAP, SETPCAP and
         * FSETID are left out.
         */
        @WithDefault("NET_BIND_SERVICE,SETUID,SETGID,SYS_CHROOT,CHOWN,FOWNER,DAC_OVERRIDE,AUDIT_WRITE,KILL")
        List<String> capabilities();

        /**
         * Whether processes may gain privileges (setuid binaries such as sudo). Off by default: sshd needs none, and
         * an image whose users need sudo must be allowed explicitly.
         */
        @WithDefault("false")
        boolean allowPrivilegeEscalation();

        /**
         * Where the {@code authorized_keys} file appears in the container. A directory mount (not subPath) so that the
         * kubelet updates the file in place when keys change; images point sshd's {@code AuthorizedKeysFile} here.
         */
        @WithDefault("/etc/edgefed/ssh")
        String authorizedKeysDir();
    }

    /** Where experimenters are told to log in. */
    interface Login {

        /**
         * Host to report when neither the sliver's node nor any ready node has an external address (a cluster wholly
         * behind NAT with a port forward, or a DNS name in front of the nodes).
         */
        Optional<String> fallbackHost();
    }

    /** The Lease that decides which replica reconciles. */
    interface LeaderElection {

        /** Name of the Lease object, in the operator's namespace. */
        @WithDefault("edgefed-operator-leader")
        String leaseName();

        /** Namespace of the Lease; the operator's own namespace when absent. */
        Optional<String> leaseNamespace();

        /**
         * Whether a replica that loses the Lease exits (and is restarted to campaign again), so that it can never go on
         * reconciling beside the new leader. Only tests turn it off.
         */
        @WithDefault("true")
        boolean exitOnStopLeading();
    }
}
