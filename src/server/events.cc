#include "server/events.h"

#include <algorithm>

#include "server/api.h"
#include "server/api_util.h"

namespace threatpath::server {

namespace {

constexpr size_t kRingSize = 10000;
constexpr int kPage = 500;

std::string EventMessage(const store::Event& e) {
  Json head = {{"id", e.id}, {"type", e.type}, {"project_id", e.project_id}, {"at", e.at}};
  std::string text = head.dump(-1, ' ', false, Json::error_handler_t::replace);
  text.pop_back();  // '}'
  text += ",\"payload\":";
  text += e.payload.empty() ? "{}" : e.payload;
  text += '}';
  return text;
}

}  // namespace

EventHub::EventHub(store::Store& store)
    : store_(store), self_(std::make_shared<std::atomic<EventHub*>>(this)) {
  auto last = store_.LastEventId();
  head_ = covered_from_ = last ? *last : 0;
  std::weak_ptr<std::atomic<EventHub*>> weak = self_;
  store_.OnEvents([weak] {
    if (auto self = weak.lock()) {
      if (EventHub* hub = self->load()) hub->Wake();
    }
  });
  thread_ = std::thread([this] { Loop(); });
}

EventHub::~EventHub() { Stop(); }

void EventHub::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    stop_ = true;
  }
  self_->store(nullptr);
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventHub::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_one();
}

void EventHub::Loop() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      // The timeout is a safety net for a wake-up lost while the listener reconnects.
      cv_.wait_for(lock, std::chrono::seconds(1), [this] { return woken_ || stop_; });
      if (stop_) return;
      woken_ = false;
    }
    Fetch();
    std::vector<std::shared_ptr<Subscriber>> subs;
    {
      std::lock_guard lock(mu_);
      for (auto it = subscribers_.begin(); it != subscribers_.end();) {
        if (!it->second->connection->open()) {
          it = subscribers_.erase(it);
        } else {
          subs.push_back(it->second);
          ++it;
        }
      }
      subscribers_count_ = subscribers_.size();
    }
    for (auto& sub : subs) Deliver(*sub);
  }
}

void EventHub::Fetch() {
  for (;;) {
    auto events = store_.EventsAfter(head_, kPage);
    if (!events) {
      LogJson("error", "reading events failed", {{"detail", events.error().ToString()}});
      return;
    }
    for (auto& e : *events) {
      head_ = e.id;
      ring_.push_back(std::move(e));
    }
    while (ring_.size() > kRingSize) {
      covered_from_ = ring_.front().id;
      ring_.pop_front();
    }
    if (static_cast<int>(events->size()) < kPage) return;
  }
}

void EventHub::Send(Subscriber& sub, const store::Event& e) {
  sub.cursor = e.id;
  if (!sub.admin) {
    if (e.type.rfind("membership.", 0) == 0 || e.type == "project.create" ||
        e.type == "project.delete") {
      sub.projects_stale = true;
    }
    if (sub.projects_stale) {
      auto projects = store_.ListProjects(sub.user_id);
      if (projects) {
        sub.projects.clear();
        for (const auto& p : *projects) sub.projects.insert(p.id);
        sub.projects_stale = false;
      }
    }
    if (!sub.projects.count(e.project_id)) return;
  }
  sub.connection->Send(EventMessage(e));
  ++delivered_;
}

void EventHub::Deliver(Subscriber& sub) {
  // Older than the ring: catch up from the store.
  while (sub.cursor < covered_from_ && sub.connection->open()) {
    auto events = store_.EventsAfter(sub.cursor, kPage);
    if (!events || events->empty()) break;
    for (const auto& e : *events) {
      if (e.id > covered_from_) break;
      Send(sub, e);
    }
    if (events->back().id >= covered_from_) sub.cursor = std::max(sub.cursor, covered_from_);
  }
  auto it = std::upper_bound(ring_.begin(), ring_.end(), sub.cursor,
                             [](store::Id id, const store::Event& e) { return id < e.id; });
  for (; it != ring_.end(); ++it) Send(sub, *it);
  sub.cursor = std::max(sub.cursor, head_);
}

WebSocketRoute EventHub::Route(Api& api) {
  WebSocketRoute route;
  route.pattern = "/api/v1/events";
  route.accept = [&api](Request& request) -> std::optional<Response> {
    // Browsers send Origin on WebSocket upgrades; refuse other sites (cross-site hijacking).
    std::string_view origin = request.Header("origin");
    if (!origin.empty()) {
      std::string_view host = request.Header("host");
      auto scheme = origin.find("://");
      std::string_view origin_host =
          scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
      if (origin_host != host) {
        return ErrorResponse(403, "permission-denied",
                             "the WebSocket's Origin does not match the server");
      }
    }
    auto who = api.Authenticate(request, false);
    if (!who) return ErrorFrom(who.error());
    auto after = QueryInt(request, "after", 0, INT64_MAX);
    if (!after) return ErrorFrom(after.error());
    return std::nullopt;
  };
  route.on_open = [this, &api](const Request& request,
                               std::shared_ptr<WebSocketConnection> connection) {
    auto who = api.Authenticate(request, false);
    if (!who) {
      connection->Close("unauthenticated");
      return;
    }
    auto sub = std::make_shared<Subscriber>();
    sub->connection = connection;
    sub->user_id = who->user.id;
    sub->admin = who->user.is_admin;
    auto after = QueryInt(request, "after", 0, INT64_MAX);
    if (after && *after) {
      sub->cursor = **after;
    } else {
      auto last = store_.LastEventId();
      sub->cursor = last ? *last : 0;
    }
    connection->Send(Json{{"type", "hello"}, {"last_event_id", sub->cursor}}.dump());
    {
      std::lock_guard lock(mu_);
      subscribers_[connection.get()] = std::move(sub);
    }
    Wake();
  };
  route.on_message = [](const std::shared_ptr<WebSocketConnection>&, std::string_view) {
    // Clients only listen; anything they send is ignored.
  };
  route.on_close = [this](const std::shared_ptr<WebSocketConnection>& connection) {
    std::lock_guard lock(mu_);
    subscribers_.erase(connection.get());
  };
  return route;
}

std::string EventHub::MetricsText() const {
  return "# HELP threatpath_event_subscribers Open live-event connections.\n"
         "# TYPE threatpath_event_subscribers gauge\n"
         "threatpath_event_subscribers " +
         std::to_string(subscribers_count_.load()) +
         "\n# HELP threatpath_events_delivered_total Event messages sent to clients.\n"
         "# TYPE threatpath_events_delivered_total counter\n"
         "threatpath_events_delivered_total " +
         std::to_string(delivered_.load()) + "\n";
}

}  // namespace threatpath::server
