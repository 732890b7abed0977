package io.edgefed.agent.mesh;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.edgefed.agent.wireguard.DeviceChange;
import io.edgefed.agent.wireguard.WireGuardKey;

/** The log line for an applied change: "add a, update b", peers named as in the plan, at most ten spelled out. */
public final class ChangeSummary {

    private ChangeSummary() {
    }

    public static String of(DeviceChange change, MeshPlan.Result plan) {
        Map<WireGuardKey, String> names = new HashMap<>();
        plan.peers().values().forEach(p -> names.put(p.publicKey(), p.name()));
        List<String> parts = new ArrayList<>();
        for (DeviceChange.PeerChange peer : change.peers()) {
            String name = names.getOrDefault(peer.publicKey(), peer.publicKey().base64());
            String verb = peer instanceof DeviceChange.AddPeer ? "add" : peer instanceof DeviceChange.RemovePeer ? "remove" : "update";
            parts.add(verb + " " + name);
        }
        if (parts.size() > 10) {
            return parts.size() + " peer changes (" + String.join(", ", parts.subList(0, 10)) + ", ...)";
        }
        return (change.privateKey() != null ? "new private key; " : "") + String.join(", ", parts);
    }
}
