package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "Names and emails refuse control, bidi and zero-width characters; lengths count characters")
class InputHygieneApiTest {
  private final ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  private Answer signUp(String email, String organizationName) {
    ObjectNode body = ApiHarness.JSON.createObjectNode();
    body.put("email", email);
    body.put("password", "correct horse battery");
    body.put("organizationName", organizationName);
    return api.post("/api/auth/signup", body.toString(), null);
  }

  @Test
  @DisplayName("an organization name with NUL, a control character or a bidi override is refused")
  void organizationNameWithHiddenCharacters() {
    List<String> names =
        List.of(
            "Engines\u0000",
            "Eng\u0007ines",
            "Line\nbreak",
            "\u202Esenigne",
            "Engines\u2066x\u2069",
            "Eng\u200Bines",
            "Eng\u200Dines",
            "Engines\uFEFF");
    int i = 0;
    for (String name : names) {
      Answer answer = signUp("user" + i++ + "@example.com", name);

      assertThat(answer.problem(400, "invalid_input").path("field").asText())
          .as("name %s", name.codePoints().mapToObj(Integer::toHexString).toList())
          .isEqualTo("organizationName");
    }
    for (int n = 0; n < names.size(); n++) {
      assertThat(api.logIn("user" + n + "@example.com", "correct horse battery").status())
          .as("no account was created")
          .isEqualTo(401);
    }
  }

  @Test
  @DisplayName("an email with NUL, a zero-width or a bidi character is refused, even at its ends")
  void emailWithHiddenCharacters() {
    List<String> emails =
        List.of(
            "ada\u0000@example.com",
            "ada@example.com\u0000",
            "a\u200Bda@example.com",
            "ada@exa\u200Dmple.com",
            "\u2060ada@example.com",
            "ada@\u202Eexample.com",
            "ada\u00A0@example.com");
    for (String email : emails) {
      Answer answer = signUp(email, "Engines");

      assertThat(answer.problem(400, "invalid_input").path("field").asText())
          .as("email %s", email.codePoints().mapToObj(Integer::toHexString).toList())
          .isEqualTo("email");
    }
    Session ada = api.signUp("ada@example.com", "Engines");
    Answer lookAlike =
        api.post(
            "/api/organization/members",
            "{\"email\":\"ada\u200B@example.com\",\"password\":\"member password\","
                + "\"role\":\"member\"}",
            ada.token());
    assertThat(lookAlike.problem(400, "invalid_input").path("field").asText()).isEqualTo("email");
  }

  @Test
  @DisplayName("200 characters is the limit of a name whatever their UTF-16 length")
  void nameLengthCountsCharacters() {
    String rocket = "\uD83D\uDE80";

    Answer twoHundred = signUp("ada@example.com", rocket.repeat(200));
    Answer twoHundredOne = signUp("bob@example.com", rocket.repeat(201));

    assertThat(twoHundred.status()).as(twoHundred.body()).isEqualTo(201);
    assertThat(twoHundred.json().path("organization").path("name").asText())
        .isEqualTo(rocket.repeat(200));
    twoHundredOne.problem(400, "invalid_input");
  }

  @Test
  @DisplayName("letters of any script, accents and emoji joined with ZWJ stay welcome")
  void ordinaryNamesAreKept() {
    for (String name :
        List.of(
            "Société Générale", "株式会社テスト", "Ünïcødé Ltd.", "فارسی\u200Cنویس", "👩\u200D💻 Devs")) {
      Answer answer = signUp("u" + Math.abs(name.hashCode()) + "@example.com", name);

      assertThat(answer.status()).as(name + ": " + answer.body()).isEqualTo(201);
      assertThat(answer.json().path("organization").path("name").asText()).isEqualTo(name);
    }
  }
}
