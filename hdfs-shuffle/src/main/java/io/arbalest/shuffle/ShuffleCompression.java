package io.arbalest.shuffle;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

import java.util.Locale;

/** How shuffle files compress their buffers (Arrow IPC buffer compression). */
public enum ShuffleCompression {
    NONE(CompressionUtil.CodecType.NO_COMPRESSION),
    LZ4(CompressionUtil.CodecType.LZ4_FRAME),
    ZSTD(CompressionUtil.CodecType.ZSTD);

    private final CompressionUtil.CodecType codecType;

    ShuffleCompression(CompressionUtil.CodecType codecType) {
        this.codecType = codecType;
    }

    /** {@code none}, {@code lz4} or {@code zstd}, any case. */
    public static ShuffleCompression parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown shuffle compression '" + text + "'; use none, lz4 or zstd.");
        }
    }

    CompressionCodec newCodec() {
        return this == NONE ? NoCompressionCodec.INSTANCE : CommonsCompressionFactory.INSTANCE.createCodec(codecType);
    }

    /** Reads any of the codecs, whatever the writer chose. */
    public static CompressionCodec.Factory readerFactory() {
        return CommonsCompressionFactory.INSTANCE;
    }
}
