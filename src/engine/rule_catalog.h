#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "engine/risk.h"

namespace threatpath::engine {

/// The metadata of the built-in rules, compiled from src/engine/rules.yaml and parsed on first use
/// (thread-safe). Entries are in file order, which is BuiltinRules() order. Never destroyed, so
/// references stay valid for the life of the program.
const std::vector<RuleInfo>& BuiltinRuleInfos();

/// The built-in metadata entry for the rule `id`. Every built-in rule has one (the tests check the
/// embedded file), so a missing id — or an embedded file that does not parse — is a build defect:
/// it prints what is wrong and aborts.
const RuleInfo& BuiltinRuleInfo(std::string_view id);

/// Parses rule metadata in the rules.yaml format: a mapping with one key, `rules`, holding a list
/// of entries whose keys are the RuleInfo fields (the file's header comment lists them). Every
/// problem (YAML syntax, wrong types, unknown keys, unknown STRIDE or function values, duplicate
/// ids, missing or empty required fields) is reported with `display_name:line:col`, all of them at
/// once, sorted by position.
base::Result<std::vector<RuleInfo>> LoadRuleInfos(std::string_view yaml_text,
                                                  const std::string& display_name);

}  // namespace threatpath::engine
