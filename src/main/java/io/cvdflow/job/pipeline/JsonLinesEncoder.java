package io.cvdflow.job.pipeline;

import org.apache.flink.api.common.serialization.Encoder;

import java.io.IOException;
import java.io.OutputStream;

/** Writes each record as one line of JSON. */
public class JsonLinesEncoder<T> implements Encoder<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(T element, OutputStream stream) throws IOException {
        stream.write(JsonLines.toJsonBytes(element));
        stream.write('\n');
    }
}
