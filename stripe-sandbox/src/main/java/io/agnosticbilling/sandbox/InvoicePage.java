package io.agnosticbilling.sandbox;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hosted invoice page ({@code hosted_invoice_url}) and its PDF ({@code invoice_pdf}): number,
 * status, lines and total. The PDF is a one-page document with the same text.
 */
final class InvoicePage {
  private final SandboxStore store;

  InvoicePage(SandboxStore store) {
    this.store = store;
  }

  static String path(String invoiceId) {
    return "/i/" + invoiceId;
  }

  static String pdfPath(String invoiceId) {
    return "/i/" + invoiceId + "/pdf";
  }

  void register(Javalin app) {
    app.get("/i/{id}", this::show);
    app.get("/i/{id}/pdf", this::pdf);
  }

  private void show(Context ctx) {
    List<String> text = store.read(() -> text(ctx.pathParam("id")));
    if (text == null) {
      Html.render(ctx, 404, "Invoice", "<main><h1>No such invoice</h1></main>");
      return;
    }
    StringBuilder body = new StringBuilder("<main><h1 data-testid=\"invoice-number\">");
    body.append(Html.escape(text.get(0))).append("</h1><ul>");
    for (String line : text.subList(1, text.size())) {
      body.append("<li>").append(Html.escape(line)).append("</li>");
    }
    body.append("</ul></main>");
    Html.render(ctx, 200, "Invoice " + text.get(0), body.toString());
  }

  private void pdf(Context ctx) {
    List<String> text = store.read(() -> text(ctx.pathParam("id")));
    if (text == null) {
      ctx.status(404).result("No such invoice");
      return;
    }
    ctx.contentType("application/pdf");
    ctx.header("Content-Disposition", "inline; filename=\"" + text.get(0) + ".pdf\"");
    ctx.result(pdf(text));
  }

  /** The invoice's text, title first; null when there is no such invoice. */
  private List<String> text(String id) {
    Invoice i = store.invoices.get(id);
    if (i == null) {
      return null;
    }
    List<String> text = new ArrayList<>();
    text.add(i.number);
    text.add("Status: " + i.status);
    text.add("Issued: " + Html.date(i.created));
    for (InvoiceLine line : i.lines) {
      text.add(line.description() + ": " + Html.money(line.amount(), i.currency));
    }
    text.add("Total: " + Html.money(i.amountDue, i.currency));
    return text;
  }

  /** A minimal one-page PDF 1.4 showing the lines in Helvetica. */
  static byte[] pdf(List<String> lines) {
    StringBuilder content = new StringBuilder("BT /F1 12 Tf 56 780 Td 16 TL\n");
    for (String line : lines) {
      content.append('(').append(pdfText(line)).append(") Tj T*\n");
    }
    content.append("ET");
    List<String> objects =
        List.of(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                + " /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length "
                + content.toString().getBytes(StandardCharsets.ISO_8859_1).length
                + " >>\nstream\n"
                + content
                + "\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      offsets.add(pdf.toString().getBytes(StandardCharsets.ISO_8859_1).length);
      pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
    }
    int xref = pdf.toString().getBytes(StandardCharsets.ISO_8859_1).length;
    pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
    offsets.forEach(o -> pdf.append(String.format("%010d 00000 n \n", o)));
    pdf.append("trailer\n<< /Size ")
        .append(objects.size() + 1)
        .append(" /Root 1 0 R >>\nstartxref\n")
        .append(xref)
        .append("\n%%EOF\n");
    return pdf.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  // Helvetica in a PDF string: ASCII only here, with the delimiters escaped.
  private static String pdfText(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '(' || c == ')' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 32 && c < 127) {
        out.append(c);
      } else {
        out.append('?');
      }
    }
    return out.toString();
  }
}
