package io.edgefed.am.credential;

/**
 * How much certificate path building one chain may cost: at most {@code certificates} certificates presented (a TLS
 * client chain, a credential signature's KeyInfo, an owner or target GID), and at most {@code candidates} candidate
 * certificates handed to the PKIX path builder while it searches ({@link BudgetedCertStore}). Real GENI chains hold 2
 * or 3 certificates and take one candidate per step; a chain of decoys whose paths multiply is refused at once or
 * once its candidates are spent, instead of costing seconds of CPU.
 *
 * @param certificates most certificates in one presented chain ({@code edgefed.am.limits.certificates-per-chain})
 * @param candidates   most candidates the path builder may examine for one chain
 *                     ({@code edgefed.am.limits.path-candidates})
 */
public record PathLimits(int certificates, int candidates) {

    /** The defaults of {@code edgefed.am.limits}: 10 certificates, 32 candidates. */
    public static final PathLimits DEFAULT = new PathLimits(10, 32);

    public PathLimits {
        if (certificates < 1 || candidates < 1) {
            throw new IllegalArgumentException("path limits must be positive: " + certificates + ", " + candidates);
        }
    }
}
