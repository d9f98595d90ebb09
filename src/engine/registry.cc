#include "engine/rule.h"
#include "engine/rules/rules.h"

namespace threatpath::engine {

const std::vector<const Rule*>& BuiltinRules() {
  // Threagile 0.9.x's order (main.go, applyRiskGeneration).
  static const std::vector<const Rule*> rules = {
      &rules::UnencryptedAssetRule(),
      &rules::UnencryptedCommunicationRule(),
      &rules::UnguardedDirectDatastoreAccessRule(),
      &rules::UnguardedAccessFromInternetRule(),
      &rules::DosRiskyAccessAcrossTrustBoundaryRule(),
      &rules::MissingNetworkSegmentationRule(),
      &rules::MixedTargetsOnSharedRuntimeRule(),
      &rules::MissingIdentityPropagationRule(),
      &rules::MissingIdentityStoreRule(),
      &rules::MissingAuthenticationRule(),
      &rules::MissingAuthenticationSecondFactorRule(),
      &rules::UnnecessaryDataTransferRule(),
      &rules::UnnecessaryCommunicationLinkRule(),
      &rules::UnnecessaryTechnicalAssetRule(),
      &rules::UnnecessaryDataAssetRule(),
      &rules::SqlNosqlInjectionRule(),
      &rules::LdapInjectionRule(),
      &rules::CrossSiteScriptingRule(),
      &rules::CrossSiteRequestForgeryRule(),
      &rules::ServerSideRequestForgeryRule(),
      &rules::PathTraversalRule(),
      &rules::PushInsteadOfPullDeploymentRule(),
      &rules::SearchQueryInjectionRule(),
      &rules::ServiceRegistryPoisoningRule(),
      &rules::UntrustedDeserializationRule(),
      &rules::XmlExternalEntityRule(),
      &rules::MissingCloudHardeningRule(),
      &rules::MissingFileValidationRule(),
      &rules::MissingHardeningRule(),
      &rules::AccidentalSecretLeakRule(),
      &rules::CodeBackdooringRule(),
      &rules::ContainerBaseimageBackdooringRule(),
      &rules::ContainerPlatformEscapeRule(),
      &rules::IncompleteModelRule(),
      &rules::UncheckedDeploymentRule(),
      &rules::MissingBuildInfrastructureRule(),
      &rules::MissingIdentityProviderIsolationRule(),
      &rules::MissingVaultRule(),
      &rules::MissingVaultIsolationRule(),
      &rules::MissingWafRule(),
      &rules::WrongCommunicationLinkContentRule(),
      &rules::WrongTrustBoundaryContentRule(),
  };
  return rules;
}

const Rule* FindRule(std::string_view id) {
  for (const Rule* rule : BuiltinRules()) {
    if (rule->Info().id == id) return rule;
  }
  return nullptr;
}

}  // namespace threatpath::engine
