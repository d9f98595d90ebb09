#include "core/enums.h"

namespace threatpath::core {

#define TP_ENUM_TABLE(E, KIND, ...)                        \
  const std::string_view EnumTraits<E>::kind = KIND;       \
  std::span<const EnumName<E>> EnumTraits<E>::names() {    \
    static constexpr EnumName<E> kNames[] = {__VA_ARGS__}; \
    return kNames;                                         \
  }

using Q = Quantity;
TP_ENUM_TABLE(Quantity, "quantity", {Q::kVeryFew, "very-few"}, {Q::kFew, "few"}, {Q::kMany, "many"},
              {Q::kVeryMany, "very-many"})

using Conf = Confidentiality;
TP_ENUM_TABLE(Confidentiality, "confidentiality", {Conf::kPublic, "public"},
              {Conf::kInternal, "internal"}, {Conf::kRestricted, "restricted"},
              {Conf::kConfidential, "confidential"},
              {Conf::kStrictlyConfidential, "strictly-confidential"})

using Cr = Criticality;
TP_ENUM_TABLE(Criticality, "criticality", {Cr::kArchive, "archive"},
              {Cr::kOperational, "operational"}, {Cr::kImportant, "important"},
              {Cr::kCritical, "critical"}, {Cr::kMissionCritical, "mission-critical"})

TP_ENUM_TABLE(Usage, "usage", {Usage::kBusiness, "business"}, {Usage::kDevOps, "devops"})

using CT = ComponentType;
TP_ENUM_TABLE(ComponentType, "component type", {CT::kExternalEntity, "external-entity"},
              {CT::kProcess, "process"}, {CT::kDatastore, "datastore"})

TP_ENUM_TABLE(Size, "size", {Size::kSystem, "system"}, {Size::kService, "service"},
              {Size::kApplication, "application"}, {Size::kComponent, "component"})

TP_ENUM_TABLE(Machine, "machine", {Machine::kPhysical, "physical"}, {Machine::kVirtual, "virtual"},
              {Machine::kContainer, "container"}, {Machine::kServerless, "serverless"})

using En = Encryption;
TP_ENUM_TABLE(Encryption, "encryption", {En::kNone, "none"}, {En::kTransparent, "transparent"},
              {En::kDataWithSymmetricSharedKey, "data-with-symmetric-shared-key"},
              {En::kDataWithAsymmetricSharedKey, "data-with-asymmetric-shared-key"},
              {En::kDataWithEndUserIndividualKey, "data-with-end-user-individual-key"},
              {En::kDataWithEndUserIndividualKey, "data-with-enduser-individual-key", true})

using DF = DataFormat;
TP_ENUM_TABLE(DataFormat, "data format", {DF::kJson, "json"}, {DF::kXml, "xml"},
              {DF::kSerialization, "serialization"}, {DF::kFile, "file"}, {DF::kCsv, "csv"},
              {DF::kYaml, "yaml"})

using P = Protocol;
TP_ENUM_TABLE(Protocol, "protocol", {P::kUnknown, "unknown-protocol"}, {P::kHttp, "http"},
              {P::kHttps, "https"}, {P::kWs, "ws"}, {P::kWss, "wss"},
              {P::kReverseProxyWebProtocol, "reverse-proxy-web-protocol"},
              {P::kReverseProxyWebProtocolEncrypted, "reverse-proxy-web-protocol-encrypted"},
              {P::kMqtt, "mqtt"}, {P::kJdbc, "jdbc"}, {P::kJdbcEncrypted, "jdbc-encrypted"},
              {P::kOdbc, "odbc"}, {P::kOdbcEncrypted, "odbc-encrypted"},
              {P::kSqlAccessProtocol, "sql-access-protocol"},
              {P::kSqlAccessProtocolEncrypted, "sql-access-protocol-encrypted"},
              {P::kNosqlAccessProtocol, "nosql-access-protocol"},
              {P::kNosqlAccessProtocolEncrypted, "nosql-access-protocol-encrypted"},
              {P::kBinary, "binary"}, {P::kBinaryEncrypted, "binary-encrypted"}, {P::kText, "text"},
              {P::kTextEncrypted, "text-encrypted"}, {P::kSsh, "ssh"},
              {P::kSshTunnel, "ssh-tunnel"}, {P::kSmtp, "smtp"},
              {P::kSmtpEncrypted, "smtp-encrypted"}, {P::kPop3, "pop3"},
              {P::kPop3Encrypted, "pop3-encrypted"}, {P::kImap, "imap"},
              {P::kImapEncrypted, "imap-encrypted"}, {P::kFtp, "ftp"}, {P::kFtps, "ftps"},
              {P::kSftp, "sftp"}, {P::kScp, "scp"}, {P::kLdap, "ldap"}, {P::kLdaps, "ldaps"},
              {P::kJms, "jms"}, {P::kNfs, "nfs"}, {P::kSmb, "smb"},
              {P::kSmbEncrypted, "smb-encrypted"}, {P::kLocalFileAccess, "local-file-access"},
              {P::kNrpe, "nrpe"}, {P::kXmpp, "xmpp"}, {P::kIiop, "iiop"},
              {P::kIiopEncrypted, "iiop-encrypted"}, {P::kJrmp, "jrmp"},
              {P::kJrmpEncrypted, "jrmp-encrypted"},
              {P::kInProcessLibraryCall, "in-process-library-call"},
              {P::kContainerSpawning, "container-spawning"})

using Au = Authentication;
TP_ENUM_TABLE(Authentication, "authentication", {Au::kNone, "none"},
              {Au::kCredentials, "credentials"}, {Au::kSessionId, "session-id"},
              {Au::kToken, "token"}, {Au::kClientCertificate, "client-certificate"},
              {Au::kTwoFactor, "two-factor"}, {Au::kExternalized, "externalized"})

using Az = Authorization;
TP_ENUM_TABLE(Authorization, "authorization", {Az::kNone, "none"},
              {Az::kTechnicalUser, "technical-user"},
              {Az::kEndUserIdentityPropagation, "end-user-identity-propagation"},
              {Az::kEndUserIdentityPropagation, "enduser-identity-propagation", true})

using BT = BoundaryType;
TP_ENUM_TABLE(BoundaryType, "trust boundary type", {BT::kNetworkOnPrem, "network-on-prem"},
              {BT::kNetworkDedicatedHoster, "network-dedicated-hoster"},
              {BT::kNetworkVirtualLan, "network-virtual-lan"},
              {BT::kNetworkCloudProvider, "network-cloud-provider"},
              {BT::kNetworkCloudSecurityGroup, "network-cloud-security-group"},
              {BT::kNetworkPolicyNamespaceIsolation, "network-policy-namespace-isolation"},
              {BT::kExecutionEnvironment, "execution-environment"})

using RS = RiskStatus;
TP_ENUM_TABLE(RiskStatus, "risk status", {RS::kUnchecked, "unchecked"},
              {RS::kInDiscussion, "in-discussion"}, {RS::kAccepted, "accepted"},
              {RS::kInProgress, "in-progress"}, {RS::kMitigated, "mitigated"},
              {RS::kFalsePositive, "false-positive"})

using Sev = RiskSeverity;
TP_ENUM_TABLE(RiskSeverity, "severity", {Sev::kLow, "low"}, {Sev::kMedium, "medium"},
              {Sev::kElevated, "elevated"}, {Sev::kHigh, "high"}, {Sev::kCritical, "critical"})

using L = Likelihood;
TP_ENUM_TABLE(Likelihood, "likelihood", {L::kUnlikely, "unlikely"}, {L::kLikely, "likely"},
              {L::kVeryLikely, "very-likely"}, {L::kFrequent, "frequent"})

using I = Impact;
TP_ENUM_TABLE(Impact, "impact", {I::kLow, "low"}, {I::kMedium, "medium"}, {I::kHigh, "high"},
              {I::kVeryHigh, "very-high"})

using BP = BreachProbability;
TP_ENUM_TABLE(BreachProbability, "data breach probability", {BP::kImprobable, "improbable"},
              {BP::kPossible, "possible"}, {BP::kProbable, "probable"})

using RF = RiskFunction;
TP_ENUM_TABLE(RiskFunction, "risk function", {RF::kBusinessSide, "business-side"},
              {RF::kArchitecture, "architecture"}, {RF::kDevelopment, "development"},
              {RF::kOperations, "operations"})

using S = Stride;
TP_ENUM_TABLE(Stride, "STRIDE category", {S::kSpoofing, "spoofing"}, {S::kTampering, "tampering"},
              {S::kRepudiation, "repudiation"},
              {S::kInformationDisclosure, "information-disclosure"},
              {S::kDenialOfService, "denial-of-service"},
              {S::kElevationOfPrivilege, "elevation-of-privilege"})

using AS = AssumptionStatus;
TP_ENUM_TABLE(AssumptionStatus, "assumption status", {AS::kUnvalidated, "unvalidated"},
              {AS::kConfirmed, "confirmed"}, {AS::kRefuted, "refuted"})

using MS = MitigationStatus;
TP_ENUM_TABLE(MitigationStatus, "mitigation status", {MS::kProposed, "proposed"},
              {MS::kPlanned, "planned"}, {MS::kInProgress, "in-progress"},
              {MS::kImplemented, "implemented"}, {MS::kVerified, "verified"})

using TR = ThreatResponse;
TP_ENUM_TABLE(ThreatResponse, "threat response", {TR::kUndecided, "undecided"},
              {TR::kMitigate, "mitigate"}, {TR::kEliminate, "eliminate"},
              {TR::kTransfer, "transfer"}, {TR::kAccept, "accept"})

TP_ENUM_TABLE(Phase, "phase", {Phase::kDesign, "design"}, {Phase::kDevelopment, "development"},
              {Phase::kTesting, "testing"}, {Phase::kProduction, "production"},
              {Phase::kRetired, "retired"})

#undef TP_ENUM_TABLE

bool IsEncrypted(Protocol p) {
  switch (p) {
    case P::kHttps:
    case P::kWss:
    case P::kJdbcEncrypted:
    case P::kOdbcEncrypted:
    case P::kNosqlAccessProtocolEncrypted:
    case P::kSqlAccessProtocolEncrypted:
    case P::kBinaryEncrypted:
    case P::kTextEncrypted:
    case P::kSsh:
    case P::kSshTunnel:
    case P::kFtps:
    case P::kSftp:
    case P::kScp:
    case P::kLdaps:
    case P::kReverseProxyWebProtocolEncrypted:
    case P::kIiopEncrypted:
    case P::kJrmpEncrypted:
    case P::kSmbEncrypted:
    case P::kSmtpEncrypted:
    case P::kPop3Encrypted:
    case P::kImapEncrypted:
      return true;
    default:
      return false;
  }
}

bool IsProcessLocal(Protocol p) {
  return p == P::kInProcessLibraryCall || p == P::kLocalFileAccess || p == P::kContainerSpawning;
}

}  // namespace threatpath::core
