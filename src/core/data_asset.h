#pragma once

#include "core/enums.h"
#include "core/ref.h"

namespace threatpath::core {

/// What we protect: a kind of data with its sensitivity. Threagile's "data asset".
struct DataAsset : Element {
  Usage usage = Usage::kBusiness;
  std::string origin;
  std::string owner;
  Quantity quantity = Quantity::kFew;
  Confidentiality confidentiality = Confidentiality::kInternal;
  Criticality integrity = Criticality::kOperational;
  Criticality availability = Criticality::kOperational;
  std::string justification_cia_rating;
};

}  // namespace threatpath::core
