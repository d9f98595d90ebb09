#pragma once

#include <optional>

#include "core/enums.h"
#include "core/ref.h"

namespace threatpath::core {

/// A part of the system: an external entity, a process or a data store. Threagile calls it a
/// technical asset. `technologies` are ids from the technology catalogue; the first is the
/// primary one (Threagile 0.9.x allows exactly one).
struct Component : Element {
  ComponentType type = ComponentType::kProcess;
  Usage usage = Usage::kBusiness;
  bool used_as_client_by_human = false;
  bool out_of_scope = false;
  std::string justification_out_of_scope;
  Size size = Size::kComponent;
  std::vector<std::string> technologies;
  Loc technologies_loc;
  bool internet = false;
  Machine machine = Machine::kVirtual;
  Encryption encryption = Encryption::kNone;
  std::string owner;
  Confidentiality confidentiality = Confidentiality::kInternal;
  Criticality integrity = Criticality::kOperational;
  Criticality availability = Criticality::kOperational;
  std::string justification_cia_rating;
  bool multi_tenant = false;
  bool redundant = false;
  bool custom_developed_parts = false;
  Refs data_processed;
  Refs data_stored;
  std::vector<DataFormat> data_formats_accepted;
  int diagram_tweak_order = 0;
};

}  // namespace threatpath::core
