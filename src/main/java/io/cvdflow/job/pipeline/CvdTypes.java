package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.QualityReport;
import io.cvdflow.job.quality.RollbackStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;

/**
 * The explicit type information of every record and state type. Each must be a POJO: the job runs with
 * {@code pipeline.generic-types: false}, and {@link #pojo} fails fast at start-up if one would fall back to Kryo.
 */
public final class CvdTypes {
    public static final TypeInformation<Trade> TRADE = pojo(Trade.class);
    public static final TypeInformation<FeedEvent> FEED_EVENT = pojo(FeedEvent.class);
    public static final TypeInformation<DeadLetter> DEAD_LETTER = pojo(DeadLetter.class);
    public static final TypeInformation<TradeGap> GAP = pojo(TradeGap.class);
    public static final TypeInformation<ZRecord> Z_RECORD = pojo(ZRecord.class);
    public static final TypeInformation<SymbolState> SYMBOL_STATE = pojo(SymbolState.class);
    public static final TypeInformation<Signal> SIGNAL = pojo(Signal.class);
    public static final TypeInformation<ControlCommand> CONTROL_COMMAND = pojo(ControlCommand.class);
    public static final TypeInformation<QualityReport> QUALITY_REPORT = pojo(QualityReport.class);
    public static final TypeInformation<QualityWindow> QUALITY_WINDOW = pojo(QualityWindow.class);
    public static final TypeInformation<RollbackStatus> ROLLBACK_STATUS = pojo(RollbackStatus.class);

    private CvdTypes() {}

    static <T> TypeInformation<T> pojo(Class<T> type) {
        TypeInformation<T> info = TypeInformation.of(type);
        if (!(info instanceof PojoTypeInfo)) {
            throw new IllegalStateException(type.getName() + " is not a Flink POJO (it would be serialised by Kryo)");
        }
        return info;
    }
}
