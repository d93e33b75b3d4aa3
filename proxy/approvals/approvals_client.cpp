#include "approvals/approvals_client.h"

#include <nlohmann/json.hpp>

#include "approvals/http_client.h"
#include "auth/scram.h"

namespace govern::proxy {

Expected<ApprovalsReply> CallApprovalsApi(const ApprovalsClientOptions& o, const std::string& action,
                                          const std::string& id, bool all) {
  auto url = ParseHttpUrl(o.admin_url);
  if (!url) return Status::Error("--admin: " + url.status().message());
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c))) return Status::Error("`" + id + "` is not a request id");
  std::string base = url->path;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string path = base + "/api/approvals", method = "GET";
  if (action == "list") {
    if (all) path += "?all=1";
  } else if (action == "show") {
    path += "/" + id;
  } else if (action == "approve" || action == "reject") {
    path += "/" + id + "/" + action;
    method = "POST";
  } else {
    return Status::Error("unknown approvals action " + action);
  }
  std::string credentials = o.user + ":" + o.password;
  std::string auth = "Basic " + scram::Base64Encode(credentials);
  std::fill(credentials.begin(), credentials.end(), '\0');
  auto r = HttpRequest(method, *url, path, {{"Authorization", auth}, {"Accept", "application/json"}}, "", o.timeout_ms);
  std::fill(auth.begin(), auth.end(), '\0');
  if (!r) return Status::Error(o.admin_url + ": " + r.status().message());
  ApprovalsReply out;
  out.http_status = r->status;
  out.json = r->body;
  while (!out.json.empty() && out.json.back() == '\n') out.json.pop_back();
  if (r->status < 200 || r->status > 299) {
    auto parsed = nlohmann::json::parse(out.json, nullptr, false);
    out.error = parsed.is_object() && parsed.contains("error") && parsed["error"].is_string()
                    ? parsed["error"].get<std::string>()
                    : "HTTP " + std::to_string(r->status);
  }
  return out;
}

std::string FormatApprovals(const std::string& json) {
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (parsed.is_discarded()) return json + "\n";
  nlohmann::json list = parsed.contains("requests") ? parsed["requests"] : nlohmann::json::array({parsed});
  if (list.empty()) return "no approval requests\n";
  auto str = [](const nlohmann::json& r, const char* k) {
    return r.contains(k) && r[k].is_string() ? r[k].get<std::string>() : std::string();
  };
  std::string out;
  for (const auto& r : list) {
    out += str(r, "id") + "  " + str(r, "state") + (r.value("used", false) ? " (used)" : "") + "  " + str(r, "identity") +
           " in " + str(r, "env") + "  rule " + str(r, "rule") + "  approvers " + str(r, "group") + "\n";
    out += "    " + str(r, "statement") + "\n";
    out += "    " + str(r, "message") + "\n";
    std::string ctx = "    search_path " + (str(r, "search_path").empty() ? "(default)" : str(r, "search_path")) +
                      ", role " + (str(r, "role").empty() ? "(login)" : str(r, "role")) + ", requested " +
                      str(r, "created_at") + ", expires " + str(r, "expires_at");
    if (!str(r, "decided_by").empty()) ctx += ", decided by " + str(r, "decided_by");
    out += ctx + "\n";
  }
  return out;
}

}  // namespace govern::proxy
