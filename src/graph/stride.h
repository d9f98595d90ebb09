#pragma once

#include <string>
#include <vector>

#include "core/enums.h"
#include "graph/flow_graph.h"

namespace threatpath::graph {

/// The kind of data-flow-diagram element a prompt is about.
enum class ElementKind { kExternalEntity, kProcess, kDataStore, kDataFlow };

/// A question for a threat-modeling session (not a finding): one STRIDE category applied to one
/// element, worded with the element's names, data assets and protocols.
struct StridePrompt {
  std::string element_id;
  ElementKind kind = ElementKind::kProcess;
  core::Stride category = core::Stride::kSpoofing;
  std::string question;
};

struct StrideOptions {
  /// Ask about out-of-scope components too (and about flows whose both ends are out of scope).
  bool include_out_of_scope = false;
  /// Ask about every flow, not only flows that cross a trust boundary.
  bool all_flows = false;
  /// Lists of names in a question (callers, data assets) stop after this many ("and 4 more").
  int max_names = 3;
};

/// STRIDE-per-element prompts (Microsoft SDL / Shostack): external entity S, R; process S, T, R,
/// I, D, E; data store T, I, D, and R when it holds logs or audit records (a tag, technology or
/// stored data asset mentioning "log" or "audit"); data flow T, I, D, for flows that cross a
/// trust boundary. Components in model order, then flows in model order; within an element in
/// STRIDE order. O(components + flows + data references).
std::vector<StridePrompt> StridePrompts(const FlowGraph& graph, const StrideOptions& options = {});

/// True when the data store keeps logs or audit records (see StridePrompts).
bool IsLogStore(const FlowGraph& graph, int component);

std::string_view ElementKindName(ElementKind kind);

/// "process order-service, Spoofing: Can someone other than ...?" lines, for golden files.
std::string FormatPrompts(const std::vector<StridePrompt>& prompts);

}  // namespace threatpath::graph
