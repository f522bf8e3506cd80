package io.cvdflow.job.cli;

import io.cvdflow.job.config.CvdConfig;

/** What a starting job prints: the configuration version and the fingerprints in force. */
final class JobBanner {
    private JobBanner() {}

    static void print(CvdConfig config) {
        System.out.println("config " + config.version() + " (" + config.phase() + "), fingerprint " + config.fingerprint());
        System.out.println("active profile " + config.activeProfile() + ", rollback profile " + config.rollbackProfile());
        for (String p : config.profileNames()) {
            System.out.println("  profile " + p + ": parameters fingerprint " + config.parameters(p, null).fingerprint());
        }
    }
}
