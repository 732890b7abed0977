package io.edgefed.am.call;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import java.util.Map;

/** The {@code geni_rspec_version} option: required, and only GENI 3 is spoken here. */
public final class RspecVersionOption {

    private RspecVersionOption() {
    }

    public static void require(Options options) throws GeniException {
        Object v = options.get("geni_rspec_version");
        if (v == null) {
            throw new GeniException(GeniCode.BADARGS,
                    "option geni_rspec_version is required; send {type: GENI, version: 3}");
        }
        if (!(v instanceof Map<?, ?> version)) {
            throw new GeniException(GeniCode.BADARGS, "option geni_rspec_version must be a struct {type: GENI, version: 3}");
        }
        Object type = version.get("type");
        Object number = version.get("version");
        if (!"GENI".equalsIgnoreCase(String.valueOf(type)) || !"3".equals(String.valueOf(number).trim())) {
            throw new GeniException(GeniCode.BADVERSION, "RSpec version " + type + " " + number
                    + " is not supported; this AM speaks GENI 3 (see GetVersion)");
        }
    }
}
