// Package sarifcheck checks the structure of a SARIF 2.1.0 log, for the
// tests of the reporters that write one (lint's SARIFReporter and the
// "iamgate lint --format sarif" command): the properties each object may
// and must have, the enums, the minimums, rule references and URIs.
package sarifcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// sarifObject is what the SARIF 2.1.0 schema allows and requires of one
// object type.
type sarifObject struct {
	allowed  []string
	required []string
	// anyOf: at least one of these must be present.
	anyOf []string
}

// sarifObjects are the object types iamgate writes, with every property
// name the SARIF 2.1.0 JSON schema defines for them. Checked against the
// OASIS schema itself, oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json
// (found with the search tool; the root object and definitions run, tool,
// toolComponent, reportingDescriptor, multiformatMessageString,
// reportingConfiguration, invocation, notification, result, message,
// location, physicalLocation, artifactLocation and region, each with
// "additionalProperties": false), and against GitHub's "SARIF support for
// code scanning" (github/docs, content/code-security/code-scanning/
// integrating-with-code-scanning/sarif-support-for-code-scanning.md) for
// the property-bag names it reads: tags, precision, problem.severity,
// security-severity.
var sarifObjects = map[string]sarifObject{
	"sarifLog": {
		allowed:  []string{"$schema", "version", "runs", "inlineExternalProperties", "properties"},
		required: []string{"version", "runs"},
	},
	"run": {
		allowed: []string{"tool", "invocations", "conversion", "language", "versionControlProvenance", "originalUriBaseIds",
			"artifacts", "logicalLocations", "graphs", "results", "automationDetails", "runAggregates", "baselineGuid",
			"redactionTokens", "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
			"externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses", "translations", "policies",
			"webRequests", "webResponses", "specialLocations", "properties"},
		required: []string{"tool"},
	},
	"tool": {
		allowed:  []string{"driver", "extensions", "properties"},
		required: []string{"driver"},
	},
	"toolComponent": {
		allowed: []string{"guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription",
			"fullName", "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc", "downloadUri", "informationUri",
			"globalMessageStrings", "notifications", "rules", "taxa", "locations", "language", "contents", "isComprehensive",
			"localizedDataSemanticVersion", "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent",
			"translationMetadata", "supportedTaxonomies", "properties"},
		required: []string{"name"},
	},
	"reportingDescriptor": {
		allowed: []string{"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames", "shortDescription",
			"fullDescription", "messageStrings", "defaultConfiguration", "helpUri", "help", "relationships", "properties"},
		required: []string{"id"},
	},
	"multiformatMessageString": {
		allowed:  []string{"text", "markdown", "properties"},
		required: []string{"text"},
	},
	"reportingConfiguration": {
		allowed: []string{"enabled", "level", "rank", "parameters", "properties"},
	},
	"invocation": {
		allowed: []string{"commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc", "exitCode",
			"ruleConfigurationOverrides", "notificationConfigurationOverrides", "toolExecutionNotifications",
			"toolConfigurationNotifications", "exitCodeDescription", "exitSignalName", "exitSignalNumber",
			"processStartFailureMessage", "executionSuccessful", "machine", "account", "processId", "executableLocation",
			"workingDirectory", "environmentVariables", "stdin", "stdout", "stderr", "stdoutStderr", "properties"},
		required: []string{"executionSuccessful"},
	},
	"notification": {
		allowed: []string{"locations", "message", "level", "threadId", "timeUtc", "exception", "descriptor",
			"associatedRule", "properties"},
		required: []string{"message"},
	},
	"result": {
		allowed: []string{"ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid",
			"correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows", "graphs",
			"graphTraversals", "relatedLocations", "suppressions", "baselineState", "rank", "attachments", "hostedViewerUri",
			"workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse", "properties"},
		required: []string{"message"},
	},
	"message": {
		allowed: []string{"text", "markdown", "id", "arguments", "properties"},
		anyOf:   []string{"text", "id"},
	},
	"location": {
		allowed: []string{"id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"},
	},
	"physicalLocation": {
		allowed: []string{"address", "artifactLocation", "region", "contextRegion", "properties"},
		anyOf:   []string{"address", "artifactLocation"},
	},
	"artifactLocation": {
		allowed: []string{"uri", "uriBaseId", "index", "description", "properties"},
	},
	"region": {
		allowed: []string{"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset",
			"byteLength", "snippet", "message", "sourceLanguage", "properties"},
		anyOf: []string{"startLine", "charOffset", "byteOffset"},
	},
}

// sarifLevels is the enum of result.level, notification.level and
// reportingConfiguration.level.
var sarifLevels = []string{"none", "note", "warning", "error"}

// Validate checks a SARIF log's structure: the properties each object
// may and must have, the enums, the minimums, ruleId and ruleIndex against
// driver.rules, and URIs. It returns every problem.
func Validate(data []byte) []string {
	var problems []string
	bad := func(path, format string, args ...any) {
		problems = append(problems, path+": "+fmt.Sprintf(format, args...))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	obj := func(v any, path, typ string) map[string]any {
		m, ok := v.(map[string]any)
		if !ok {
			bad(path, "%s is not an object", typ)
			return nil
		}
		def := sarifObjects[typ]
		for k := range m {
			if !slices.Contains(def.allowed, k) {
				bad(path, "%s has no property %q in SARIF 2.1.0", typ, k)
			}
		}
		for _, k := range def.required {
			if _, ok := m[k]; !ok {
				bad(path, "%s lacks the required property %q", typ, k)
			}
		}
		if len(def.anyOf) > 0 && !slices.ContainsFunc(def.anyOf, func(k string) bool { _, ok := m[k]; return ok }) {
			bad(path, "%s needs one of %v", typ, def.anyOf)
		}
		return m
	}
	arr := func(v any, path string) []any {
		if v == nil {
			return nil
		}
		a, ok := v.([]any)
		if !ok {
			bad(path, "not an array")
		}
		return a
	}
	str := func(v any, path string) string {
		s, ok := v.(string)
		if !ok {
			bad(path, "not a string")
		}
		return s
	}
	integer := func(v any, path string, min int64) int64 {
		n, ok := v.(json.Number)
		i, err := n.Int64()
		if !ok || err != nil {
			bad(path, "not an integer")
			return 0
		}
		if i < min {
			bad(path, "%d is below the minimum %d", i, min)
		}
		return i
	}
	absURI := func(v any, path string) {
		u, err := url.Parse(str(v, path))
		if err != nil || !u.IsAbs() {
			bad(path, "%v is not an absolute URI", v)
		}
	}
	level := func(v any, path string) {
		if !slices.Contains(sarifLevels, str(v, path)) {
			bad(path, "level %v is not one of %v", v, sarifLevels)
		}
	}
	text := func(v any, path, typ string) {
		if m := obj(v, path, typ); m != nil {
			if t, ok := m["text"]; ok && str(t, path+".text") == "" {
				bad(path, "empty text")
			}
		}
	}
	propertyBag := func(v any, path string) {
		m, ok := v.(map[string]any)
		if !ok {
			bad(path, "the property bag is not an object")
			return
		}
		if tags, ok := m["tags"]; ok {
			seen := map[string]bool{}
			for i, tag := range arr(tags, path+".tags") {
				s := str(tag, fmt.Sprintf("%s.tags[%d]", path, i))
				if seen[s] {
					bad(path, "tag %q twice (tags are unique)", s)
				}
				seen[s] = true
			}
		}
		if s, ok := m["security-severity"]; ok {
			var f float64
			if _, err := fmt.Sscan(str(s, path+".security-severity"), &f); err != nil || f <= 0 || f > 10 {
				bad(path, "security-severity %v is not a score above 0.0 up to 10.0", s)
			}
			if tags, _ := m["tags"].([]any); !slices.Contains(tags, any("security")) {
				bad(path, "security-severity without the tag \"security\"")
			}
		}
	}
	location := func(v any, path string) {
		m := obj(v, path, "location")
		if m == nil {
			return
		}
		pl := obj(m["physicalLocation"], path+".physicalLocation", "physicalLocation")
		if pl == nil {
			return
		}
		if al := obj(pl["artifactLocation"], path+".physicalLocation.artifactLocation", "artifactLocation"); al != nil {
			p := path + ".physicalLocation.artifactLocation.uri"
			u, err := url.Parse(str(al["uri"], p))
			switch {
			case err != nil:
				bad(p, "%v is not a URI reference: %v", al["uri"], err)
			case strings.Contains(str(al["uri"], p), `\`):
				bad(p, "%v has a backslash", al["uri"])
			case u.IsAbs() && u.Scheme != "file":
				bad(p, "%v has the scheme %q", al["uri"], u.Scheme)
			case u.IsAbs() && al["uriBaseId"] != nil:
				bad(p, "an absolute URI with a uriBaseId")
			case !u.IsAbs() && al["uri"] != "-" && al["uriBaseId"] != "%SRCROOT%":
				bad(p, "a relative URI without the uriBaseId %%SRCROOT%%")
			case !u.IsAbs() && strings.HasPrefix(u.Path, "/"):
				bad(p, "%v is an absolute path, not a relative reference", al["uri"])
			}
			if d, ok := al["description"]; ok {
				text(d, path+".physicalLocation.artifactLocation.description", "message")
			}
		}
		if r, ok := pl["region"]; ok {
			rm := obj(r, path+".physicalLocation.region", "region")
			for _, k := range []string{"startLine", "startColumn", "endLine", "endColumn"} {
				if v, ok := rm[k]; ok {
					integer(v, path+".physicalLocation.region."+k, 1)
				}
			}
		}
	}

	log := obj(root, "$", "sarifLog")
	if log == nil {
		return problems
	}
	if log["version"] != "2.1.0" {
		bad("$.version", "%v is not 2.1.0", log["version"])
	}
	if s, ok := log["$schema"]; ok {
		absURI(s, "$.$schema")
	}
	runs := arr(log["runs"], "$.runs")
	if len(runs) != 1 {
		bad("$.runs", "%d runs, want 1", len(runs))
	}
	for i, r := range runs {
		rp := fmt.Sprintf("$.runs[%d]", i)
		run := obj(r, rp, "run")
		if run == nil {
			continue
		}
		if ck, ok := run["columnKind"]; ok && !slices.Contains([]string{"utf16CodeUnits", "unicodeCodePoints"}, str(ck, rp+".columnKind")) {
			bad(rp+".columnKind", "%v is not utf16CodeUnits or unicodeCodePoints", ck)
		}
		tool := obj(run["tool"], rp+".tool", "tool")
		driver := obj(tool["driver"], rp+".tool.driver", "toolComponent")
		if str(driver["name"], rp+".tool.driver.name") == "" {
			bad(rp+".tool.driver.name", "empty")
		}
		if u, ok := driver["informationUri"]; ok {
			absURI(u, rp+".tool.driver.informationUri")
		}
		var ruleIDs []string
		for j, rule := range arr(driver["rules"], rp+".tool.driver.rules") {
			p := fmt.Sprintf("%s.tool.driver.rules[%d]", rp, j)
			m := obj(rule, p, "reportingDescriptor")
			if m == nil {
				continue
			}
			id := str(m["id"], p+".id")
			if slices.Contains(ruleIDs, id) {
				bad(p, "rule id %q twice (rules are unique)", id)
			}
			ruleIDs = append(ruleIDs, id)
			for _, k := range []string{"shortDescription", "fullDescription", "help"} {
				if v, ok := m[k]; ok {
					text(v, p+"."+k, "multiformatMessageString")
				}
			}
			if u, ok := m["helpUri"]; ok {
				absURI(u, p+".helpUri")
			}
			if c, ok := m["defaultConfiguration"]; ok {
				if cm := obj(c, p+".defaultConfiguration", "reportingConfiguration"); cm != nil {
					if l, ok := cm["level"]; ok {
						level(l, p+".defaultConfiguration.level")
					}
				}
			}
			if pb, ok := m["properties"]; ok {
				propertyBag(pb, p+".properties")
			}
		}
		for j, inv := range arr(run["invocations"], rp+".invocations") {
			p := fmt.Sprintf("%s.invocations[%d]", rp, j)
			m := obj(inv, p, "invocation")
			if _, ok := m["executionSuccessful"].(bool); !ok {
				bad(p+".executionSuccessful", "not a boolean")
			}
			for k, n := range arr(m["toolExecutionNotifications"], p+".toolExecutionNotifications") {
				np := fmt.Sprintf("%s.toolExecutionNotifications[%d]", p, k)
				nm := obj(n, np, "notification")
				text(nm["message"], np+".message", "message")
				if l, ok := nm["level"]; ok {
					level(l, np+".level")
				}
				for x, l := range arr(nm["locations"], np+".locations") {
					location(l, fmt.Sprintf("%s.locations[%d]", np, x))
				}
			}
		}
		results, ok := run["results"]
		if !ok {
			bad(rp, "no results: a log of an actual scan has results, even empty")
		}
		for j, res := range arr(results, rp+".results") {
			p := fmt.Sprintf("%s.results[%d]", rp, j)
			m := obj(res, p, "result")
			if m == nil {
				continue
			}
			text(m["message"], p+".message", "message")
			if l, ok := m["level"]; ok {
				level(l, p+".level")
			}
			id, hasID := m["ruleId"]
			idx, hasIndex := m["ruleIndex"]
			if !hasID || !hasIndex {
				bad(p, "ruleId and ruleIndex are both expected")
			} else {
				i := integer(idx, p+".ruleIndex", 0)
				if i >= int64(len(ruleIDs)) || ruleIDs[i] != str(id, p+".ruleId") {
					bad(p, "ruleIndex %d does not name rule %v in tool.driver.rules", i, id)
				}
			}
			for x, l := range arr(m["locations"], p+".locations") {
				location(l, fmt.Sprintf("%s.locations[%d]", p, x))
			}
			if pb, ok := m["properties"]; ok {
				propertyBag(pb, p+".properties")
			}
		}
	}
	return problems
}
