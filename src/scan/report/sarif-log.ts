/**
 * The subset of SARIF 2.1.0 (OASIS, errata 01) Airlock writes; property names as in
 * the standard's JSON schema, which the tests validate against.
 */
export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  helpUri: string;
  help: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
  properties: { 'security-severity'?: string; precision: 'very-high'; tags: string[] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } };
    message: SarifMessage;
  }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, string | number>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; rules: SarifRule[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: SarifLevel; message: SarifMessage }[] }[];
    originalUriBaseIds: Record<string, { uri: string; description?: SarifMessage }>;
    results: SarifResult[];
    columnKind: 'utf16CodeUnits';
    properties: Record<string, string>;
  }[];
}
