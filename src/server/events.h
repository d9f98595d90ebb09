#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "server/http.h"
#include "store/store.h"

// Live events over WebSocket (/api/v1/events). Events are rows in the store; the hub reads new
// ones when the store wakes it (in-process on SQLite, LISTEN/NOTIFY on PostgreSQL, so events
// written by any server instance reach clients of every instance) and fans them out to the
// subscribers allowed to see their project. A client that connects with ?after=ID first receives
// every event after ID (from the hub's recent-event ring, or from the store when older), then the
// live ones: no gaps, no duplicates, in id order.
namespace threatpath::server {

class Api;

class EventHub {
 public:
  explicit EventHub(store::Store& store);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  WebSocketRoute Route(Api& api);
  /// Stops the hub's thread; idempotent.
  void Stop();
  std::string MetricsText() const;
  /// Wakes the hub to read new events (the store calls this).
  void Wake();

 private:
  struct Subscriber {
    std::shared_ptr<WebSocketConnection> connection;
    store::Id user_id = 0;
    bool admin = false;
    store::Id cursor = 0;  // last event id delivered (or skipped as not visible)
    std::set<store::Id> projects;
    bool projects_stale = true;
  };
  void Loop();
  void Fetch();
  void Deliver(Subscriber& sub);
  void Send(Subscriber& sub, const store::Event& event);

  store::Store& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  bool stop_ = false;
  std::map<WebSocketConnection*, std::shared_ptr<Subscriber>> subscribers_;  // guarded by mu_
  std::thread thread_;

  // Hub thread only.
  std::deque<store::Event> ring_;
  store::Id covered_from_ = 0;  // every event with id > covered_from_ and <= head_ is in ring_
  store::Id head_ = 0;

  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> subscribers_count_{0};
  std::shared_ptr<std::atomic<EventHub*>> self_;  // lets the store's callback outlive the hub
};

}  // namespace threatpath::server
