package io.agnosticbilling.adapter.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adapter: the billing page, plain HTML, CSS and JavaScript modules read once from the classpath
 * and served under {@link #CONTENT_SECURITY_POLICY}. The page calls this adapter's own API from the
 * browser; nothing is rendered on the server.
 */
final class BillingPage {
  /** Where the assets are served; one segment, so the 404 ownership rule covers it. */
  static final String ASSETS_PATH = "/billing-assets";

  /**
   * {@code default-src 'self'} as the contract asks, so no inline script or style can run; the rest
   * forbids framing (a payment page must not be clickjacked), {@code <base>} and posting forms
   * elsewhere.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** The HTML routes of the contract and the document each serves. */
  static final Map<String, String> PAGES =
      Map.of(
          "/", "billing.html",
          "/settings", "billing.html",
          "/login", "login.html",
          "/signup", "signup.html");

  private static final String RESOURCE_ROOT = "/io/agnosticbilling/adapter/http/page/";

  /**
   * Every file served, by name. A fixed list rather than a directory lookup: a request can only
   * ever name one of these, so no path can reach another classpath resource.
   */
  static final List<String> ASSETS =
      List.of(
          "billing.css",
          "api.js",
          "session.js",
          "format.js",
          "dom.js",
          "billing.js",
          "pricing.js",
          "auth.js",
          "favicon.svg");

  private static final Map<String, String> MEDIA_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml");

  private final Map<String, byte[]> files = new HashMap<>();

  BillingPage() {
    for (String name : PAGES.values()) {
      files.computeIfAbsent(name, BillingPage::read);
    }
    for (String name : ASSETS) {
      files.put(name, read(name));
    }
  }

  /** Paths this page answers, for the ownership rule of a mounted adapter. */
  static List<String> ownedPaths() {
    List<String> owned = new ArrayList<>(PAGES.keySet());
    owned.add(ASSETS_PATH);
    return owned;
  }

  /**
   * Adds the page's routes. A host that already serves one of these paths gets a message naming the
   * way out instead of Javalin's bare "handler already exists".
   */
  void install(Javalin app) {
    try {
      addRoutes(app);
    } catch (IllegalArgumentException taken) {
      throw new IllegalStateException(
          "The host app already serves a path of the billing page ("
              + String.join(", ", ownedPaths())
              + "); build the routes with billingPage(false) to leave the page out",
          taken);
    }
  }

  private void addRoutes(Javalin app) {
    PAGES.forEach((path, file) -> app.get(path, ctx -> send(ctx, file)));
    app.get(
        ASSETS_PATH + "/{name}",
        ctx -> {
          String name = ctx.pathParam("name");
          if (ASSETS.contains(name)) {
            send(ctx, name);
          } else {
            // Left unanswered: the adapter's 404 handler writes the problem.
            ctx.status(404);
          }
        });
  }

  private void send(Context ctx, String name) {
    ctx.contentType(mediaType(name).orElseThrow());
    ctx.result(files.get(name));
  }

  static Optional<String> mediaType(String name) {
    return Optional.ofNullable(MEDIA_TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
  }

  private static byte[] read(String name) {
    if (mediaType(name).isEmpty()) {
      throw new IllegalStateException("no media type for page asset " + name);
    }
    try (InputStream in = BillingPage.class.getResourceAsStream(RESOURCE_ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("page asset missing from the classpath: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read page asset " + name, e);
    }
  }
}
