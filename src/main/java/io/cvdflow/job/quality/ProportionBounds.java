package io.cvdflow.job.quality;

import java.io.Serializable;

/** Warning, critical and rollback bounds on a proportion, as fractions ({@code 0.05} for 5%). */
public record ProportionBounds(double warning, double critical, double rollback) implements Serializable {}
