package io.edgefed.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class UapiCodecTest {

    /** The shape of a wireguard-go 0.0.20220316 answer to get=1. */
    static final String GET = """
            private_key=e84b5a6d2717c1003a13b431570353dbaca9146cf150c5f8575680feba52027a
            listen_port=51820
            public_key=b85996fecc9c7f1fc6d2572a76eda11d59bcd20be8e543b15ce4bd85a8e75a33
            preshared_key=0000000000000000000000000000000000000000000000000000000000000000
            protocol_version=1
            endpoint=[abcd:23::33%2]:51820
            last_handshake_time_sec=1700000000
            last_handshake_time_nsec=500
            tx_bytes=38333
            rx_bytes=2224
            persistent_keepalive_interval=25
            allowed_ip=10.183.0.2/32
            allowed_ip=fd65:6466:6564::2/128
            public_key=58402e695ba1772b1cc9309755f043251ea77fdcf10fbe63989ceb7e19321376
            preshared_key=0000000000000000000000000000000000000000000000000000000000000000
            protocol_version=1
            endpoint=182.122.22.19:3233
            last_handshake_time_sec=0
            last_handshake_time_nsec=0
            tx_bytes=0
            rx_bytes=0
            persistent_keepalive_interval=0
            errno=0

            """;

    @Test
    void getAnswersParseIntoTheDeviceState() throws IOException {
        DeviceState state = UapiCodec.parseGet(GET.replace("%2", ""));
        assertThat(state.privateKey().hex()).isEqualTo("e84b5a6d2717c1003a13b431570353dbaca9146cf150c5f8575680feba52027a");
        assertThat(state.listenPort()).isEqualTo(51820);
        assertThat(state.peers()).hasSize(2);
        DeviceState.Peer first = state.peers().get(WireGuardKey.fromHex("b85996fecc9c7f1fc6d2572a76eda11d59bcd20be8e543b15ce4bd85a8e75a33"));
        assertThat(Addresses.formatEndpoint(first.endpoint())).isEqualTo("[abcd:23::33]:51820");
        assertThat(first.lastHandshake()).isEqualTo(Instant.ofEpochSecond(1700000000, 500));
        assertThat(first.config().keepalive()).isEqualTo(25);
        assertThat(first.rxBytes()).isEqualTo(2224);
        assertThat(first.config().allowedIps()).containsExactly(Cidr.parse("10.183.0.2/32"), Cidr.parse("fd65:6466:6564::2/128"));
        DeviceState.Peer second = state.peers().get(WireGuardKey.fromHex("58402e695ba1772b1cc9309755f043251ea77fdcf10fbe63989ceb7e19321376"));
        assertThat(second.lastHandshake()).isNull();
        assertThat(second.config().allowedIps()).isEmpty();
        assertThat(Addresses.formatEndpoint(second.endpoint())).isEqualTo("182.122.22.19:3233");
    }

    @Test
    void aFreshDeviceHasNoKeyAndNoPeers() throws IOException {
        DeviceState state = UapiCodec.parseGet("listen_port=0\nerrno=0\n\n");
        assertThat(state.privateKey()).isNull();
        assertThat(state.peers()).isEmpty();
    }

    @Test
    void anErrorAnswerIsAnError() {
        assertThatThrownBy(() -> UapiCodec.parseGet("errno=-22\n\n")).hasMessageContaining("errno=-22");
    }

    @Test
    void wgDumpParsesLikeUapi() {
        String dump = "oCxC44w3ldcUYKRBkVfcQSBTtWCyH2VfKZF2Au4/WWI=\tuZ3gmJnn2ZSNOS53oHHJbnqRTgpPK5LTjQMU4fQRNVA=\t51820\toff\n"
                + "rLtBbMZWNuBmHQVTmJnD6C2PKCU/TYTlCTFUiwtM9lE=\t(none)\t203.0.113.21:51820\t10.183.0.2/32,fd65:6466:6564::2/128\t1700000000\t10\t20\t25\n"
                + "zXlbWHSrrXuT+mIyFtt2zXfW5Bgg4LRODdJl/xYo9Fk=\t(none)\t(none)\t(none)\t0\t0\t0\toff\n";
        DeviceState state = WgCommandWireGuard.parseDump(dump);
        assertThat(state.listenPort()).isEqualTo(51820);
        assertThat(state.peers()).hasSize(2);
        DeviceState.Peer first = state.peers().get(WireGuardKey.fromBase64("rLtBbMZWNuBmHQVTmJnD6C2PKCU/TYTlCTFUiwtM9lE="));
        assertThat(first.config().allowedIps()).hasSize(2);
        assertThat(first.config().keepalive()).isEqualTo(25);
        assertThat(first.lastHandshake()).isEqualTo(Instant.ofEpochSecond(1700000000));
    }
}
