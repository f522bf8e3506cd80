package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.job.model.ZRecord;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.io.Serializable;

/** Where the job's streams go: JSON files in the embedded default, Kafka topics on a cluster. */
public interface CvdOutputs extends Serializable {
    void zRecords(DataStream<ZRecord> records);

    void deadLetters(DataStream<DeadLetter> deadLetters);

    void gaps(DataStream<TradeGap> gaps);
}
