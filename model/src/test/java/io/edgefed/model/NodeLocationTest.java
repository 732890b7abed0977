package io.edgefed.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgefed.model.NodeLocation.Coordinates;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

class NodeLocationTest {

    @Test
    void readsCountryRegionAndCoordinatesFromLabels() {
        NodeLocation location = NodeLocation.of(meta(Map.of(NodeLocation.COUNTRY_KEY, "fr",
                NodeLocation.REGION_LABEL, "europe-west", NodeLocation.LATITUDE_KEY, "48.8566",
                NodeLocation.LONGITUDE_KEY, "2.3522"), Map.of()));

        assertThat(location.country()).contains("FR");
        assertThat(location.region()).contains("europe-west");
        assertThat(location.coordinates()).contains(new Coordinates(48.8566, 2.3522));
    }

    @Test
    void negativeCoordinatesComeFromAnnotationsWhichWinOverLabels() {
        NodeLocation location = NodeLocation.of(meta(Map.of(NodeLocation.LATITUDE_KEY, "1", NodeLocation.LONGITUDE_KEY, "1"),
                Map.of(NodeLocation.LATITUDE_KEY, "-33.8688", NodeLocation.LONGITUDE_KEY, "-70.6693")));

        assertThat(location.coordinates()).contains(new Coordinates(-33.8688, -70.6693));
    }

    @Test
    void badValuesAreNoLocationRatherThanAGuess() {
        assertThat(NodeLocation.of(meta(Map.of(NodeLocation.COUNTRY_KEY, "eu-west"), Map.of())).country()).isEmpty();
        assertThat(NodeLocation.of(meta(Map.of(NodeLocation.LATITUDE_KEY, "91", NodeLocation.LONGITUDE_KEY, "2"), Map.of()))
                .coordinates()).isEmpty();
        assertThat(NodeLocation.of(meta(Map.of(NodeLocation.LATITUDE_KEY, "NaN", NodeLocation.LONGITUDE_KEY, "2"), Map.of()))
                .coordinates()).isEmpty();
        assertThat(NodeLocation.of(meta(Map.of(NodeLocation.LATITUDE_KEY, "48.8"), Map.of())).coordinates()).isEmpty();
        assertThat(NodeLocation.of(null)).isEqualTo(NodeLocation.UNKNOWN);
    }

    private static ObjectMeta meta(Map<String, String> labels, Map<String, String> annotations) {
        return new ObjectMetaBuilder().withName("n").withLabels(labels).withAnnotations(annotations).build();
    }
}
