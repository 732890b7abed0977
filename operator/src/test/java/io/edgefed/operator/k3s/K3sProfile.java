package io.edgefed.operator.k3s;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The operator as deployed (server-side apply on), against k3s. The k3s node has no external address, so logins name
 * the fallback host.
 */
public class K3sProfile implements QuarkusTestProfile {

    static final String LOGIN_HOST = "k3s.test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.operator-sdk.enable-ssa", "true",
                "edgefed.operator.login.fallback-host", LOGIN_HOST);
    }
}
