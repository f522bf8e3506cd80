package io.cvdflow.job.estimator;

import io.cvdflow.connector.binance.model.Trade;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-symbol state as Flink sees it: a POJO all the way down, compact, and restorable mid-stream. */
class EstimatorStateTest {
    private static final int MAX_STATE_BYTES = 64 * 1024;

    @Test
    void isAPojoOfPrimitivesPrimitiveArraysAndPojosAllTheWayDown() {
        assertPojo(TypeInformation.of(EstimatorState.class), "EstimatorState");
        assertPlainFields(EstimatorState.class);
    }

    private static void assertPojo(TypeInformation<?> info, String path) {
        assertThat(info).as(path).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
        for (int i = 0; i < pojo.getArity(); i++) {
            PojoField field = pojo.getPojoFieldAt(i);
            TypeInformation<?> type = field.getTypeInformation();
            String fieldPath = path + "." + field.getField().getName();
            if (type instanceof PojoTypeInfo) {
                assertPojo(type, fieldPath);
            } else {
                assertThat(type.isBasicType() || type instanceof BasicTypeInfo || type instanceof PrimitiveArrayTypeInfo)
                        .as(fieldPath + " is " + type).isTrue();
            }
        }
    }

    private static void assertPlainFields(Class<?> type) {
        try {
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(type + " has no public no-arg constructor", e);
        }
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            assertThat(Modifier.isPublic(f.getModifiers())).as(f.toString()).isTrue();
            Class<?> t = f.getType();
            if (t.isPrimitive() || (t.isArray() && t.getComponentType().isPrimitive())) {
                continue;
            }
            assertThat(t.getPackage()).as(f.toString()).isEqualTo(EstimatorState.class.getPackage());
            assertPlainFields(t);
        }
    }

    @Test
    void stateStaysWellUnder64KilobytesPerSymbolInEveryMode() throws IOException {
        TypeSerializer<EstimatorState> serializer = serializer();
        Map<String, EstimatorParameters> modes = new LinkedHashMap<>();
        modes.put("a1", EstimatorProfiles.a1());
        modes.put("a1, ewma scale", EstimatorProfiles.a1().with("SCALE_MODE", "ewma"));
        modes.put("level", EstimatorProfiles.a1().with("Z_MODE", "level"));
        modes.put("calibrated", EstimatorProfiles.calibrated());
        System.out.printf("%nSerialized state per symbol (bytes), at the end of the recording / largest seen%n");
        System.out.printf("%-16s %-48s %10s %10s%n", "mode", "recording", "final", "largest");
        for (Map.Entry<String, EstimatorParameters> mode : modes.entrySet()) {
            int largestOverall = 0;
            for (Recordings.Series series : Recordings.all()) {
                ZEstimator z = ZEstimator.create(mode.getValue());
                EstimatorState s = z.newState();
                ZResult out = new ZResult();
                int largest = size(serializer, s);
                List<Trade> trades = series.trades();
                for (int i = 0; i < trades.size(); i++) {
                    Trade t = trades.get(i);
                    z.update(s, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, out);
                    if (i % 97 == 0) {
                        largest = Math.max(largest, size(serializer, s));
                    }
                }
                int last = size(serializer, s);
                largest = Math.max(largest, last);
                largestOverall = Math.max(largestOverall, largest);
                System.out.printf("%-16s %-48s %10d %10d%n", mode.getKey(), series.label(), last, largest);
            }
            assertThat(largestOverall).as(mode.getKey()).isLessThan(MAX_STATE_BYTES);
        }
    }

    @Test
    void aStateSerialisedMidStreamContinuesBitForBit() throws IOException {
        TypeSerializer<EstimatorState> serializer = serializer();
        Recordings.Series series = Recordings.of("recorded-ws-btcusdt_20240809.gz", "BTCUSDT");
        for (EstimatorParameters p : EstimatorProfiles.builtIns().values()) {
            ZEstimator z = ZEstimator.create(p);
            EstimatorState straight = z.newState();
            EstimatorState restored = z.newState();
            ZResult a = new ZResult();
            ZResult b = new ZResult();
            List<Trade> trades = series.trades();
            for (int i = 0; i < trades.size(); i++) {
                Trade t = trades.get(i);
                if (i % 1000 == 500) {
                    DataOutputSerializer bytes = new DataOutputSerializer(4096);
                    serializer.serialize(restored, bytes);
                    restored = serializer.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));
                }
                z.update(straight, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, a);
                z.update(restored, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, b);
                assertThat(b.toString()).isEqualTo(a.toString());
            }
            assertThat(describe(restored)).isEqualTo(describe(straight));
        }
    }

    static TypeSerializer<EstimatorState> serializer() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return TypeInformation.of(EstimatorState.class).createSerializer(config);
    }

    private static int size(TypeSerializer<EstimatorState> serializer, EstimatorState s) throws IOException {
        DataOutputSerializer bytes = new DataOutputSerializer(4096);
        serializer.serialize(s, bytes);
        return bytes.length();
    }

    /** Every field of a state, nested objects and array slots included. */
    static String describe(Object o) {
        StringBuilder sb = new StringBuilder(o.getClass().getSimpleName()).append('{');
        try {
            for (Field f : o.getClass().getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                Object v = f.get(o);
                sb.append(f.getName()).append('=');
                if (v instanceof double[]) {
                    sb.append(Arrays.toString((double[]) v));
                } else if (v instanceof long[]) {
                    sb.append(Arrays.toString((long[]) v));
                } else if (v instanceof int[]) {
                    sb.append(Arrays.toString((int[]) v));
                } else if (v != null && v.getClass().getPackage() == EstimatorState.class.getPackage()) {
                    sb.append(describe(v));
                } else {
                    sb.append(v);
                }
                sb.append(", ");
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return sb.append('}').toString();
    }
}
