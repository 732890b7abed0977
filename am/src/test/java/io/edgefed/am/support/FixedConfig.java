package io.edgefed.am.support;

import io.edgefed.am.config.AmConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link AmConfig} with its documented defaults, for unit tests that run without Quarkus. */
public class FixedConfig implements AmConfig {

    @Override
    public String authority() {
        return "edgefed:test";
    }

    @Override
    public String url() {
        return "https://localhost:8443/xmlrpc/am/3.0";
    }

    @Override
    public String namespace() {
        return "edgefed";
    }

    @Override
    public List<String> images() {
        return List.of("ubuntu2204=docker.io/library/ubuntu:22.04");
    }

    @Override
    public Duration allocationLifetime() {
        return Duration.ofMinutes(10);
    }

    @Override
    public Duration allocationGrace() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Duration maxLease() {
        return Duration.ofDays(7);
    }

    @Override
    public int maxRequestBytes() {
        return 2 * 1024 * 1024;
    }

    @Override
    public int workers() {
        return 16;
    }

    @Override
    public int workerQueue() {
        return 64;
    }

    @Override
    public int maxRspecChars() {
        return 4096;
    }

    @Override
    public Duration cacheSyncWait() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Trust trust() {
        return new Trust() {
            @Override
            public Optional<List<String>> roots() {
                return Optional.empty();
            }

            @Override
            public java.util.Map<String, Authority> authorities() {
                return java.util.Map.of();
            }
        };
    }

    @Override
    public Limits limits() {
        return new Limits() {
            @Override
            public int nodesPerAllocate() {
                return 200;
            }

            @Override
            public int sliversPerSlice() {
                return 500;
            }

            @Override
            public int usersPerCall() {
                return 100;
            }

            @Override
            public int keysPerUser() {
                return 20;
            }

            @Override
            public int credentialsPerCall() {
                return 16;
            }

            @Override
            public int certificatesPerChain() {
                return 10;
            }

            @Override
            public int pathCandidates() {
                return 32;
            }
        };
    }

    @Override
    public Credential credential() {
        return () -> 1024;
    }

    @Override
    public Proxy proxy() {
        return new Proxy() {
            @Override
            public Optional<List<String>> addresses() {
                return Optional.empty();
            }

            @Override
            public String header() {
                return "X-Fed4Fire-Certificate";
            }
        };
    }
}
