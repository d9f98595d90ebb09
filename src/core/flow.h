#pragma once

#include "core/enums.h"
#include "core/ref.h"

namespace threatpath::core {

/// A data flow from one component to another (Threagile's communication link, which it nests
/// under its source). `title` is the link's name; in a Threagile model the id is derived from
/// it as `source>slug(title)`.
struct Flow : Element {
  Ref from;
  Ref to;
  Protocol protocol = Protocol::kUnknown;
  Authentication authentication = Authentication::kNone;
  Authorization authorization = Authorization::kNone;
  Usage usage = Usage::kBusiness;
  bool vpn = false;
  bool ip_filtered = false;
  bool readonly = false;
  Refs data_sent;
  Refs data_received;
  int diagram_tweak_weight = 1;
  bool diagram_tweak_constraint = true;
};

}  // namespace threatpath::core
