package io.medallion.jobs.generate;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes one day's {@code products_<yyyy-MM-dd>.json}: a single JSON document
 * {@code {"products": [...]}} holding the whole catalog, one product object per line.
 *
 * <p>Being one document rather than JSON Lines, it needs Spark's {@code multiLine} option. Prices,
 * weights and sizes are JSON numbers with fixed decimals; {@code updated_at} is
 * {@code yyyy-MM-dd'T'HH:mm:ss'Z'}. About 420 bytes a product.
 */
final class ProductsFileWriter {

    WrittenFile write(DaySnapshot day, Path file) {
        List<Product> products = day.products();
        TextFileSink sink = TextFileSink.create(file);
        try (sink) {
            sink.ascii("{\"products\": [").newline();
            for (int i = 0; i < products.size(); i++) {
                appendProduct(sink, products.get(i));
                sink.ascii(i < products.size() - 1 ? "," : "").newline();
            }
            sink.ascii("]}").newline();
        }
        return WrittenFile.withoutDefects(new GeneratedFile("products", file.toString(), products.size(), sink.bytesWritten()));
    }

    private static void appendProduct(TextFileSink sink, Product product) {
        sink.ascii("{\"product_id\":\"P").zeroPadded(product.number(), 6).character('"');
        sink.ascii(",\"name\":").jsonString(product.name());
        sink.ascii(",\"category\":").jsonString(product.subcategory().category());
        sink.ascii(",\"subcategory\":").jsonString(product.subcategory().name());
        sink.ascii(",\"brand\":").jsonString(product.brand());
        sink.ascii(",\"price\":").hundredths(product.priceCents());
        sink.ascii(",\"currency\":\"EUR\"");
        sink.ascii(",\"attributes\":{\"color\":").jsonString(product.color());
        sink.ascii(",\"weight_kg\":").hundredths(product.weightGrams() / 10);
        sink.ascii(",\"dimensions\":{\"width_cm\":").tenths(product.widthMillimetres());
        sink.ascii(",\"height_cm\":").tenths(product.heightMillimetres());
        sink.ascii(",\"depth_cm\":").tenths(product.depthMillimetres());
        sink.ascii("}},\"tags\":[");
        for (int i = 0; i < product.tags().size(); i++) {
            sink.ascii(i == 0 ? "" : ",").jsonString(product.tags().get(i));
        }
        sink.ascii("],\"active\":").ascii(product.active() ? "true" : "false");
        sink.ascii(",\"updated_at\":\"").isoInstant(product.updatedEpochSecond()).ascii("\"}");
    }
}
