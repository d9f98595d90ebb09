#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace threatpath::core {

// Every enumeration of the model, in the order Threagile ranks them (lowest first), so that
// comparisons such as `confidentiality >= Confidentiality::kConfidential` mean what they say.
// Spellings are Threagile's; `enduser-*` (Threagile 0.9.x) is read as an alias of `end-user-*`.

enum class Quantity { kVeryFew, kFew, kMany, kVeryMany };
enum class Confidentiality {
  kPublic,
  kInternal,
  kRestricted,
  kConfidential,
  kStrictlyConfidential
};
enum class Criticality { kArchive, kOperational, kImportant, kCritical, kMissionCritical };
enum class Usage { kBusiness, kDevOps };
enum class ComponentType { kExternalEntity, kProcess, kDatastore };
enum class Size { kSystem, kService, kApplication, kComponent };
enum class Machine { kPhysical, kVirtual, kContainer, kServerless };
enum class Encryption {
  kNone,
  kTransparent,
  kDataWithSymmetricSharedKey,
  kDataWithAsymmetricSharedKey,
  kDataWithEndUserIndividualKey,
};
enum class DataFormat { kJson, kXml, kSerialization, kFile, kCsv, kYaml };
enum class Protocol {
  kUnknown,
  kHttp,
  kHttps,
  kWs,
  kWss,
  kReverseProxyWebProtocol,
  kReverseProxyWebProtocolEncrypted,
  kMqtt,
  kJdbc,
  kJdbcEncrypted,
  kOdbc,
  kOdbcEncrypted,
  kSqlAccessProtocol,
  kSqlAccessProtocolEncrypted,
  kNosqlAccessProtocol,
  kNosqlAccessProtocolEncrypted,
  kBinary,
  kBinaryEncrypted,
  kText,
  kTextEncrypted,
  kSsh,
  kSshTunnel,
  kSmtp,
  kSmtpEncrypted,
  kPop3,
  kPop3Encrypted,
  kImap,
  kImapEncrypted,
  kFtp,
  kFtps,
  kSftp,
  kScp,
  kLdap,
  kLdaps,
  kJms,
  kNfs,
  kSmb,
  kSmbEncrypted,
  kLocalFileAccess,
  kNrpe,
  kXmpp,
  kIiop,
  kIiopEncrypted,
  kJrmp,
  kJrmpEncrypted,
  kInProcessLibraryCall,
  kContainerSpawning,
};
enum class Authentication {
  kNone,
  kCredentials,
  kSessionId,
  kToken,
  kClientCertificate,
  kTwoFactor,
  kExternalized,
};
enum class Authorization { kNone, kTechnicalUser, kEndUserIdentityPropagation };
enum class BoundaryType {
  kNetworkOnPrem,
  kNetworkDedicatedHoster,
  kNetworkVirtualLan,
  kNetworkCloudProvider,
  kNetworkCloudSecurityGroup,
  kNetworkPolicyNamespaceIsolation,
  kExecutionEnvironment,
};
enum class RiskStatus {
  kUnchecked,
  kInDiscussion,
  kAccepted,
  kInProgress,
  kMitigated,
  kFalsePositive
};
enum class RiskSeverity { kLow, kMedium, kElevated, kHigh, kCritical };
enum class Likelihood { kUnlikely, kLikely, kVeryLikely, kFrequent };
enum class Impact { kLow, kMedium, kHigh, kVeryHigh };
enum class BreachProbability { kImprobable, kPossible, kProbable };
enum class RiskFunction { kBusinessSide, kArchitecture, kDevelopment, kOperations };
enum class Stride {
  kSpoofing,
  kTampering,
  kRepudiation,
  kInformationDisclosure,
  kDenialOfService,
  kElevationOfPrivilege,
};
enum class AssumptionStatus { kUnvalidated, kConfirmed, kRefuted };
enum class MitigationStatus { kProposed, kPlanned, kInProgress, kImplemented, kVerified };
enum class ThreatResponse { kUndecided, kMitigate, kEliminate, kTransfer, kAccept };
enum class Phase { kDesign, kDevelopment, kTesting, kProduction, kRetired };

/// One spelling of an enum value. `alias` marks spellings that are read but never written.
template <typename E>
struct EnumName {
  E value;
  std::string_view name;
  bool alias = false;
};

/// Traits for every enum above: `kind` names it in messages ("confidentiality value"),
/// `names` lists the spellings.
template <typename E>
struct EnumTraits;

#define TP_DECLARE_ENUM_TRAITS(E)                \
  template <>                                    \
  struct EnumTraits<E> {                         \
    static const std::string_view kind;          \
    static std::span<const EnumName<E>> names(); \
  };
TP_DECLARE_ENUM_TRAITS(Quantity)
TP_DECLARE_ENUM_TRAITS(Confidentiality)
TP_DECLARE_ENUM_TRAITS(Criticality)
TP_DECLARE_ENUM_TRAITS(Usage)
TP_DECLARE_ENUM_TRAITS(ComponentType)
TP_DECLARE_ENUM_TRAITS(Size)
TP_DECLARE_ENUM_TRAITS(Machine)
TP_DECLARE_ENUM_TRAITS(Encryption)
TP_DECLARE_ENUM_TRAITS(DataFormat)
TP_DECLARE_ENUM_TRAITS(Protocol)
TP_DECLARE_ENUM_TRAITS(Authentication)
TP_DECLARE_ENUM_TRAITS(Authorization)
TP_DECLARE_ENUM_TRAITS(BoundaryType)
TP_DECLARE_ENUM_TRAITS(RiskStatus)
TP_DECLARE_ENUM_TRAITS(RiskSeverity)
TP_DECLARE_ENUM_TRAITS(Likelihood)
TP_DECLARE_ENUM_TRAITS(Impact)
TP_DECLARE_ENUM_TRAITS(BreachProbability)
TP_DECLARE_ENUM_TRAITS(RiskFunction)
TP_DECLARE_ENUM_TRAITS(Stride)
TP_DECLARE_ENUM_TRAITS(AssumptionStatus)
TP_DECLARE_ENUM_TRAITS(MitigationStatus)
TP_DECLARE_ENUM_TRAITS(ThreatResponse)
TP_DECLARE_ENUM_TRAITS(Phase)
#undef TP_DECLARE_ENUM_TRAITS

/// The canonical spelling of `v`.
template <typename E>
std::string_view ToString(E v) {
  for (const auto& n : EnumTraits<E>::names()) {
    if (n.value == v && !n.alias) return n.name;
  }
  return "?";
}

/// Parses a spelling (canonical or alias); nullopt when it is none of them.
template <typename E>
std::optional<E> Parse(std::string_view s) {
  for (const auto& n : EnumTraits<E>::names()) {
    if (n.name == s) return n.value;
  }
  return std::nullopt;
}

/// True when `s` is an alias spelling (for example Threagile 0.9.x's `enduser-*`).
template <typename E>
bool IsAliasSpelling(std::string_view s) {
  for (const auto& n : EnumTraits<E>::names()) {
    if (n.name == s) return n.alias;
  }
  return false;
}

/// The canonical spellings of E, for messages and "did you mean" hints.
template <typename E>
std::vector<std::string> CanonicalNames() {
  std::vector<std::string> out;
  for (const auto& n : EnumTraits<E>::names()) {
    if (!n.alias) out.emplace_back(n.name);
  }
  return out;
}

/// Facts about protocols that the rules test.
bool IsEncrypted(Protocol p);
bool IsProcessLocal(Protocol p);

}  // namespace threatpath::core
