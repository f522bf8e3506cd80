package io.cvdflow.job.estimator;

/**
 * A fixed-capacity FIFO of doubles that overwrites its oldest value when full. A Flink POJO: public fields,
 * no-arg constructor.
 */
public class DoubleRing {
    /** The slots; the capacity is their number. */
    public double[] values = new double[0];
    /** Slot of the oldest value. */
    public int head;
    public int size;

    public DoubleRing() {}

    int capacity() {
        return values.length;
    }

    /** The {@code i}-th oldest value, {@code 0 <= i < size}. */
    double get(int i) {
        int slot = head + i;
        return values[slot < values.length ? slot : slot - values.length];
    }

    double oldest() {
        return values[head];
    }

    /** Appends {@code v}; when full, the oldest value leaves. */
    void push(double v) {
        int cap = values.length;
        if (size < cap) {
            int slot = head + size;
            values[slot < cap ? slot : slot - cap] = v;
            size++;
        } else {
            values[head] = v;
            head = head + 1 == cap ? 0 : head + 1;
        }
    }

    /** Changes the capacity, keeping the newest values that fit. */
    void resize(int capacity) {
        if (capacity == values.length) {
            return;
        }
        int keep = Math.min(size, capacity);
        double[] next = new double[capacity];
        for (int i = 0; i < keep; i++) {
            next[i] = get(size - keep + i);
        }
        values = next;
        head = 0;
        size = keep;
    }
}
