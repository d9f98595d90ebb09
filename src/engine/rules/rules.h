#pragma once

// One factory per built-in rule, each defined in rules/<rule-id>.cc. The registry (registry.cc)
// lists them in Threagile's order.

#include "engine/rule.h"

namespace threatpath::engine::rules {

const Rule& UnencryptedAssetRule();                   // unencrypted-asset
const Rule& UnencryptedCommunicationRule();           // unencrypted-communication
const Rule& UnguardedDirectDatastoreAccessRule();     // unguarded-direct-datastore-access
const Rule& UnguardedAccessFromInternetRule();        // unguarded-access-from-internet
const Rule& DosRiskyAccessAcrossTrustBoundaryRule();  // dos-risky-access-across-trust-boundary
const Rule& MissingNetworkSegmentationRule();         // missing-network-segmentation
const Rule& MixedTargetsOnSharedRuntimeRule();        // mixed-targets-on-shared-runtime
const Rule& MissingIdentityPropagationRule();         // missing-identity-propagation
const Rule& MissingIdentityStoreRule();               // missing-identity-store
const Rule& MissingAuthenticationRule();              // missing-authentication
const Rule& MissingAuthenticationSecondFactorRule();  // missing-authentication-second-factor
const Rule& UnnecessaryDataTransferRule();            // unnecessary-data-transfer
const Rule& UnnecessaryCommunicationLinkRule();       // unnecessary-communication-link
const Rule& UnnecessaryTechnicalAssetRule();          // unnecessary-technical-asset
const Rule& UnnecessaryDataAssetRule();               // unnecessary-data-asset
const Rule& SqlNosqlInjectionRule();                  // sql-nosql-injection
const Rule& LdapInjectionRule();                      // ldap-injection
const Rule& CrossSiteScriptingRule();                 // cross-site-scripting
const Rule& CrossSiteRequestForgeryRule();            // cross-site-request-forgery
const Rule& ServerSideRequestForgeryRule();           // server-side-request-forgery
const Rule& PathTraversalRule();                      // path-traversal
const Rule& PushInsteadOfPullDeploymentRule();        // push-instead-of-pull-deployment
const Rule& SearchQueryInjectionRule();               // search-query-injection
const Rule& ServiceRegistryPoisoningRule();           // service-registry-poisoning
const Rule& UntrustedDeserializationRule();           // untrusted-deserialization
const Rule& XmlExternalEntityRule();                  // xml-external-entity
const Rule& MissingCloudHardeningRule();              // missing-cloud-hardening
const Rule& MissingFileValidationRule();              // missing-file-validation
const Rule& MissingHardeningRule();                   // missing-hardening
const Rule& AccidentalSecretLeakRule();               // accidental-secret-leak
const Rule& CodeBackdooringRule();                    // code-backdooring
const Rule& ContainerBaseimageBackdooringRule();      // container-baseimage-backdooring
const Rule& ContainerPlatformEscapeRule();            // container-platform-escape
const Rule& IncompleteModelRule();                    // incomplete-model
const Rule& UncheckedDeploymentRule();                // unchecked-deployment
const Rule& MissingBuildInfrastructureRule();         // missing-build-infrastructure
const Rule& MissingIdentityProviderIsolationRule();   // missing-identity-provider-isolation
const Rule& MissingVaultRule();                       // missing-vault
const Rule& MissingVaultIsolationRule();              // missing-vault-isolation
const Rule& MissingWafRule();                         // missing-waf
const Rule& WrongCommunicationLinkContentRule();      // wrong-communication-link-content
const Rule& WrongTrustBoundaryContentRule();          // wrong-trust-boundary-content

}  // namespace threatpath::engine::rules
