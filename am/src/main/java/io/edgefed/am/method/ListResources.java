package io.edgefed.am.method;

import io.edgefed.am.call.AmArguments;
import io.edgefed.am.call.AmCall;
import io.edgefed.am.call.Options;
import io.edgefed.am.call.RspecVersionOption;
import io.edgefed.am.credential.CredentialVerifier;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.am.geni.MemoizedReply;
import io.edgefed.am.rspec.AdvertisementWriter;
import io.edgefed.am.rspec.RspecEncoding;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** ListResources(credentials, options): the advertisement RSpec. Needs one valid credential of any target. */
@ApplicationScoped
public class ListResources implements AmMethod {

    private final CredentialVerifier verifier;
    private final AdvertisementWriter advertisement;
    /** The last reply per (available only, compressed), reused while the advertisement is the same string. */
    private final Replies[] replies = new Replies[4];

    private record Replies(String advertisement, MemoizedReply reply) {
    }

    ListResources(CredentialVerifier verifier, AdvertisementWriter advertisement) {
        this.verifier = verifier;
        this.advertisement = advertisement;
    }

    @Override
    public String name() {
        return "ListResources";
    }

    @Override
    public Map<String, Object> call(AmCall call) throws GeniException {
        AmArguments args = call.args().expect(2, 2);
        Object[] credentials = args.credentials(0);
        Options options = args.options(1);
        RspecVersionOption.require(options);
        if (options.get("geni_slice_urn") != null) {
            throw new GeniException(GeniCode.BADARGS, "ListResources no longer takes geni_slice_urn in AM API v3; use Describe");
        }
        boolean availableOnly = options.flag("geni_available");
        boolean compressed = options.flag("geni_compressed");
        verifier.authorizeAny(call.caller(), credentials, options.asMap(), call.now());
        String ad = advertisement.advertisement(availableOnly);
        int slot = (availableOnly ? 2 : 0) + (compressed ? 1 : 0);
        Replies cached = replies[slot];
        if (cached == null || cached.advertisement() != ad) {
            cached = new Replies(ad, new MemoizedReply(GeniReply.success(RspecEncoding.encode(ad, compressed))));
            replies[slot] = cached;
        }
        return cached.reply();
    }
}
