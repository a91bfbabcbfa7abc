package io.arbalest.planner.catalog;

import io.arbalest.planner.error.CatalogException;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.List;

/** Maps a Parquet file schema to the engine's types; shared by the catalog and the Parquet reader. */
public final class ParquetTypes {
    private ParquetTypes() {
    }

    public static RowSchema toRowSchema(MessageType schema, String file) {
        List<Column> columns = new ArrayList<>();
        for (Type field : schema.getFields()) {
            columns.add(new Column(field.getName(), toDataType(field, file),
                    field.getRepetition() != Type.Repetition.REQUIRED));
        }
        return new RowSchema(columns);
    }

    public static DataType toDataType(Type field, String file) {
        if (!field.isPrimitive() || field.getRepetition() == Type.Repetition.REPEATED) {
            throw unsupported(field, file);
        }
        PrimitiveType primitive = field.asPrimitiveType();
        LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
        if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
            return DataType.decimal(decimal.getPrecision(), decimal.getScale());
        }
        return switch (primitive.getPrimitiveTypeName()) {
            case BOOLEAN -> DataType.BOOLEAN;
            case INT32 -> {
                if (logical == null || logical instanceof IntLogicalTypeAnnotation i && i.isSigned()) {
                    yield DataType.INT;
                }
                if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    yield DataType.DATE;
                }
                if (logical instanceof IntLogicalTypeAnnotation) {
                    yield DataType.BIGINT; // unsigned 8/16/32-bit: widened so no value is lost
                }
                throw unsupported(field, file);
            }
            case INT64 -> {
                if (logical == null || logical instanceof IntLogicalTypeAnnotation i && i.isSigned()) {
                    yield DataType.BIGINT;
                }
                if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
                    yield DataType.TIMESTAMP;
                }
                throw unsupported(field, file);
            }
            case INT96 -> DataType.TIMESTAMP; // Hive's and Spark's legacy timestamps
            case FLOAT -> DataType.REAL;
            case DOUBLE -> DataType.DOUBLE;
            case BINARY -> {
                // Strings written without an annotation (older Hive and Spark) read as VARCHAR too.
                if (logical == null || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                    yield DataType.VARCHAR;
                }
                throw unsupported(field, file);
            }
            case FIXED_LEN_BYTE_ARRAY -> throw unsupported(field, file);
        };
    }

    private static CatalogException unsupported(Type field, String file) {
        return new CatalogException("Column '" + field.getName() + "' of " + file + " has Parquet type "
                + field.toString().trim() + ", which Arbalest cannot read yet. Supported: BOOLEAN, INT32, INT64, "
                + "FLOAT, DOUBLE, DATE, TIMESTAMP, DECIMAL, and strings.");
    }
}
