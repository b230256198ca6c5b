// Generated from src/domain/config-schema.ts by scripts/config-schema.ts: do not edit.
"use strict";
module.exports = validate10;
module.exports.default = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","title":"Hotfix Actions configuration (.github/hotfix.yml)","description":"Names, labels, reviewers and products for emergency production hotfixes. Every key is optional.","type":"object","additionalProperties":false,"x-message":"must be a mapping of settings (base-branch, tag-format, ..., products)","properties":{"base-branch":{"type":"string","minLength":1,"description":"Branch hotfixes merge into. Default: the repository's default branch."},"tag-format":{"type":"string","default":"{product}/prod-v{version}","description":"Production tag name, with the placeholders {product} and {version} (MAJOR.MINOR.PATCH)."},"branch-format":{"type":"string","default":"hotfix/{product}-v{version}","description":"Hotfix branch name, with the placeholders {product} and {version}."},"maintenance-branch-format":{"type":"string","default":"release/{product}-v{major}.{minor}.x","description":"Branch a hotfix pull request targets when the base branch has moved on since the production tag: one per release line, cut at its newest production tag, with the placeholders {product}, {major} and {minor}. After the tag, a forward-port pull request carries the fix to the base branch."},"labels":{"type":"array","default":["hotfix","URGENT"],"description":"Labels put on every hotfix pull request.","uniqueItems":true,"items":{"type":"string","minLength":1,"maxLength":50,"x-message":"must be a label name of 1 to 50 characters"},"x-message":"must be a list of label names, e.g. [hotfix, URGENT]"},"reviewers":{"type":"array","description":"Users or teams (org/team) requested to review every hotfix pull request.","items":{"type":"string","pattern":"^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$","x-message":"must be a GitHub login (octocat) or a team (octo-org/release-engineers)"},"x-message":"must be a list of logins or teams, e.g. [octo-org/release-engineers]"},"owners":{"type":"array","description":"Users or teams mentioned by the tracking issue when a severity target is missed.","items":{"type":"string","pattern":"^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$","x-message":"must be a GitHub login (octocat) or a team (octo-org/release-engineers)"},"x-message":"must be a list of logins or teams, e.g. ['@octo-org/devops']"},"products":{"type":"object","description":"The products this repository ships, by name (the {product} in names).","propertyNames":{"pattern":"^(?!.*\\.\\.)(?!.*\\.lock$)[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$","x-message":"is not a valid product name: use letters, digits, '.', '_' and '-', starting and ending with a letter or digit (no '..', no '.lock' ending)"},"additionalProperties":{"type":"object","description":"How one product is versioned, recorded, deployed and watched.","additionalProperties":false,"x-message":"must be the product's settings, e.g. version-files: [apps/web/package.json]","properties":{"version-files":{"type":"array","minItems":1,"description":"Every file that holds the version; a hotfix bumps the PATCH in all of them.","items":{"description":"A file that holds the product version. A path alone: the format comes from the file name (pubspec.yaml, package.json). Any other file: {path, pattern}.","anyOf":[{"type":"string","pattern":"^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$","x-message":"must be a file path relative to the repository root, with '/' separators, no leading '/' and no '..' (e.g. apps/web/package.json)","description":"Path of the version file, relative to the repository root."},{"type":"object","additionalProperties":false,"required":["path"],"properties":{"path":{"type":"string","pattern":"^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$","x-message":"must be a file path relative to the repository root, with '/' separators, no leading '/' and no '..' (e.g. apps/web/package.json)","description":"Path of the version file."},"pattern":{"type":"string","minLength":1,"description":"A JavaScript regular expression with a named group `version` that captures the version, e.g. \"MARKETING_VERSION = (?<version>\\\\S+)\"."}}}],"x-message":"must be a path or {path, pattern}"},"x-message":"must be a list of paths or {path, pattern}"},"changelog":{"type":"string","pattern":"^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$","x-message":"must be a file path relative to the repository root, with '/' separators, no leading '/' and no '..' (e.g. apps/web/package.json)","description":"The CHANGELOG that gets the hotfix entry."},"deploy":{"type":"string","minLength":1,"description":"Deploy command; the deploy workflow runs it with the tag as $1."},"monitor":{"type":"object","description":"Checks run after the deploy (process step 10: verify and monitor).","additionalProperties":false,"properties":{"duration":{"type":"string","pattern":"^(?=.*[1-9])(?:[0-9]+(?:ms|s|m|h))+$","x-message":"must be a duration: a whole number and ms, s, m or h, like 500ms, 90s, 15m, 2h or 1h30m","description":"How long to monitor, e.g. 2h (the process says 2+ hours)."},"interval":{"type":"string","pattern":"^(?=.*[1-9])(?:[0-9]+(?:ms|s|m|h))+$","x-message":"must be a duration: a whole number and ms, s, m or h, like 500ms, 90s, 15m, 2h or 1h30m","description":"Time between checks, e.g. 1m."},"urls":{"type":"array","description":"Health checks.","items":{"description":"An HTTP(S) health check: a URL alone expects any 2xx status.","anyOf":[{"type":"string","pattern":"^https?://[^\\s/?#]+(?:[/?#]\\S*)?$","x-message":"must be an http:// or https:// URL without spaces, e.g. https://web.example.com/health","description":"URL to request; any 2xx status passes."},{"type":"object","additionalProperties":false,"required":["url"],"properties":{"url":{"type":"string","pattern":"^https?://[^\\s/?#]+(?:[/?#]\\S*)?$","x-message":"must be an http:// or https:// URL without spaces, e.g. https://web.example.com/health","description":"URL to request."},"expect-status":{"type":"integer","minimum":100,"maximum":599,"description":"The status code that passes (default: any 2xx).","x-message":"must be an HTTP status code between 100 and 599, e.g. 200"},"expect-body":{"type":"string","description":"Text the response body must contain."}}}],"x-message":"must be a URL or {url, expect-status, expect-body}"},"x-message":"must be a list of URLs or {url, expect-status, expect-body}"},"prometheus":{"type":"object","description":"Metric checks against a Prometheus server.","additionalProperties":false,"required":["url","queries"],"properties":{"url":{"type":"string","pattern":"^https?://[^\\s/?#]+(?:[/?#]\\S*)?$","x-message":"must be an http:// or https:// URL without spaces, e.g. https://web.example.com/health","description":"Base URL of the Prometheus server."},"queries":{"type":"array","minItems":1,"description":"Queries to check at every interval.","items":{"type":"object","description":"A PromQL query whose value must stay within max and/or min.","additionalProperties":false,"required":["name","query"],"properties":{"name":{"type":"string","minLength":1,"description":"Name shown in reports."},"query":{"type":"string","minLength":1,"description":"PromQL instant query that returns one number."},"max":{"type":"number","description":"Unhealthy when the value is above this."},"min":{"type":"number","description":"Unhealthy when the value is below this."}},"allOf":[{"anyOf":[{"required":["max"]},{"required":["min"]}],"x-message":"needs a threshold: add max, min or both"}]}}}}}}}},"x-message":"must be a mapping from product name to its settings"}}};
const func2 = require("ajv/dist/runtime/ucs2length").default;
const pattern0 = new RegExp("^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$", "u");
const pattern2 = new RegExp("^(?!.*\\.\\.)(?!.*\\.lock$)[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$", "u");
const pattern3 = new RegExp("^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$", "u");
const pattern6 = new RegExp("^(?=.*[1-9])(?:[0-9]+(?:ms|s|m|h))+$", "u");
const pattern8 = new RegExp("^https?://[^\\s/?#]+(?:[/?#]\\S*)?$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((((key0 === "base-branch") || (key0 === "tag-format")) || (key0 === "branch-format")) || (key0 === "maintenance-branch-format")) || (key0 === "labels")) || (key0 === "reviewers")) || (key0 === "owners")) || (key0 === "products"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data["base-branch"] !== undefined){
let data0 = data["base-branch"];
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err1 = {instancePath:instancePath+"/base-branch",schemaPath:"#/properties/base-branch/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties["base-branch"],data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/base-branch",schemaPath:"#/properties/base-branch/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties["base-branch"].type,parentSchema:schema11.properties["base-branch"],data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data["tag-format"] !== undefined){
let data1 = data["tag-format"];
if(typeof data1 !== "string"){
const err3 = {instancePath:instancePath+"/tag-format",schemaPath:"#/properties/tag-format/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties["tag-format"].type,parentSchema:schema11.properties["tag-format"],data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data["branch-format"] !== undefined){
let data2 = data["branch-format"];
if(typeof data2 !== "string"){
const err4 = {instancePath:instancePath+"/branch-format",schemaPath:"#/properties/branch-format/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties["branch-format"].type,parentSchema:schema11.properties["branch-format"],data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data["maintenance-branch-format"] !== undefined){
let data3 = data["maintenance-branch-format"];
if(typeof data3 !== "string"){
const err5 = {instancePath:instancePath+"/maintenance-branch-format",schemaPath:"#/properties/maintenance-branch-format/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties["maintenance-branch-format"].type,parentSchema:schema11.properties["maintenance-branch-format"],data:data3};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.labels !== undefined){
let data4 = data.labels;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(typeof data5 === "string"){
if(func2(data5) > 50){
const err6 = {instancePath:instancePath+"/labels/" + i0,schemaPath:"#/properties/labels/items/maxLength",keyword:"maxLength",params:{limit: 50},message:"must NOT have more than 50 characters",schema:50,parentSchema:schema11.properties.labels.items,data:data5};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(func2(data5) < 1){
const err7 = {instancePath:instancePath+"/labels/" + i0,schemaPath:"#/properties/labels/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.labels.items,data:data5};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/labels/" + i0,schemaPath:"#/properties/labels/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.labels.items.type,parentSchema:schema11.properties.labels.items,data:data5};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
let i1 = data4.length;
let j0;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data4[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err9 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)",schema:true,parentSchema:schema11.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err10 = {instancePath:instancePath+"/labels",schemaPath:"#/properties/labels/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.labels.type,parentSchema:schema11.properties.labels,data:data4};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.reviewers !== undefined){
let data6 = data.reviewers;
if(Array.isArray(data6)){
const len1 = data6.length;
for(let i2=0; i2<len1; i2++){
let data7 = data6[i2];
if(typeof data7 === "string"){
if(!pattern0.test(data7)){
const err11 = {instancePath:instancePath+"/reviewers/" + i2,schemaPath:"#/properties/reviewers/items/pattern",keyword:"pattern",params:{pattern: "^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$"},message:"must match pattern \""+"^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$"+"\"",schema:"^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$",parentSchema:schema11.properties.reviewers.items,data:data7};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/reviewers/" + i2,schemaPath:"#/properties/reviewers/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.reviewers.items.type,parentSchema:schema11.properties.reviewers.items,data:data7};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath:instancePath+"/reviewers",schemaPath:"#/properties/reviewers/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.reviewers.type,parentSchema:schema11.properties.reviewers,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.owners !== undefined){
let data8 = data.owners;
if(Array.isArray(data8)){
const len2 = data8.length;
for(let i3=0; i3<len2; i3++){
let data9 = data8[i3];
if(typeof data9 === "string"){
if(!pattern0.test(data9)){
const err14 = {instancePath:instancePath+"/owners/" + i3,schemaPath:"#/properties/owners/items/pattern",keyword:"pattern",params:{pattern: "^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$"},message:"must match pattern \""+"^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$"+"\"",schema:"^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$",parentSchema:schema11.properties.owners.items,data:data9};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/owners/" + i3,schemaPath:"#/properties/owners/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.owners.items.type,parentSchema:schema11.properties.owners.items,data:data9};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/owners",schemaPath:"#/properties/owners/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.owners.type,parentSchema:schema11.properties.owners,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.products !== undefined){
let data10 = data.products;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key1 in data10){
const _errs24 = errors;
if(typeof key1 === "string"){
if(!pattern2.test(key1)){
const err17 = {instancePath:instancePath+"/products",schemaPath:"#/properties/products/propertyNames/pattern",keyword:"pattern",params:{pattern: "^(?!.*\\.\\.)(?!.*\\.lock$)[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$"},message:"must match pattern \""+"^(?!.*\\.\\.)(?!.*\\.lock$)[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$"+"\"",schema:"^(?!.*\\.\\.)(?!.*\\.lock$)[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$",parentSchema:schema11.properties.products.propertyNames,data:key1,propertyName:key1};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
var valid8 = _errs24 === errors;
if(!valid8){
const err18 = {instancePath:instancePath+"/products",schemaPath:"#/properties/products/propertyNames",keyword:"propertyNames",params:{propertyName: key1},message:"property name must be valid",schema:schema11.properties.products.propertyNames,parentSchema:schema11.properties.products,data:data10};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
for(const key2 in data10){
let data11 = data10[key2];
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key3 in data11){
if(!((((key3 === "version-files") || (key3 === "changelog")) || (key3 === "deploy")) || (key3 === "monitor"))){
const err19 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/products/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.products.additionalProperties,data:data11};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data11["version-files"] !== undefined){
let data12 = data11["version-files"];
if(Array.isArray(data12)){
if(data12.length < 1){
const err20 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files",schemaPath:"#/properties/products/additionalProperties/properties/version-files/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema11.properties.products.additionalProperties.properties["version-files"],data:data12};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
const len3 = data12.length;
for(let i4=0; i4<len3; i4++){
let data13 = data12[i4];
const _errs32 = errors;
let valid13 = false;
const _errs33 = errors;
if(typeof data13 === "string"){
if(!pattern3.test(data13)){
const err21 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files/" + i4,schemaPath:"#/properties/products/additionalProperties/properties/version-files/items/anyOf/0/pattern",keyword:"pattern",params:{pattern: "^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$"},message:"must match pattern \""+"^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$"+"\"",schema:"^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$",parentSchema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[0],data:data13};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
else {
const err22 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files/" + i4,schemaPath:"#/properties/products/additionalProperties/properties/version-files/items/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[0].type,parentSchema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[0],data:data13};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid0 = _errs33 === errors;
valid13 = valid13 || _valid0;
if(!valid13){
const _errs35 = errors;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.path === undefined){
const err23 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files/" + i4,schemaPath:"#/properties/products/additionalProperties/properties/version-files/items/anyOf/1/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'",schema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1].required,parentSchema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1],data:data13};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
for(const key4 in data13){
if(!((key4 === "path") || (key4 === "pattern"))){
const err24 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files/" + i4,schemaPath:"#/properties/products/additionalProperties/properties/version-files/items/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1],data:data13};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data13.path !== undefined){
let data14 = data13.path;
if(typeof data14 === "string"){
if(!pattern3.test(data14)){
const err25 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files/" + i4+"/path",schemaPath:"#/properties/products/additionalProperties/properties/version-files/items/anyOf/1/properties/path/pattern",keyword:"pattern",params:{pattern: "^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$"},message:"must match pattern \""+"^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$"+"\"",schema:"^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$",parentSchema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1].properties.path,data:data14};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files/" + i4+"/path",schemaPath:"#/properties/products/additionalProperties/properties/version-files/items/anyOf/1/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1].properties.path.type,parentSchema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1].properties.path,data:data14};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data13.pattern !== undefined){
let data15 = data13.pattern;
if(typeof data15 === "string"){
if(func2(data15) < 1){
const err27 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files/" + i4+"/pattern",schemaPath:"#/properties/products/additionalProperties/properties/version-files/items/anyOf/1/properties/pattern/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1].properties.pattern,data:data15};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files/" + i4+"/pattern",schemaPath:"#/properties/products/additionalProperties/properties/version-files/items/anyOf/1/properties/pattern/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1].properties.pattern.type,parentSchema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1].properties.pattern,data:data15};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files/" + i4,schemaPath:"#/properties/products/additionalProperties/properties/version-files/items/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1].type,parentSchema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf[1],data:data13};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
var _valid0 = _errs35 === errors;
valid13 = valid13 || _valid0;
}
if(!valid13){
const err30 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files/" + i4,schemaPath:"#/properties/products/additionalProperties/properties/version-files/items/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.products.additionalProperties.properties["version-files"].items.anyOf,parentSchema:schema11.properties.products.additionalProperties.properties["version-files"].items,data:data13};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
else {
errors = _errs32;
if(vErrors !== null){
if(_errs32){
vErrors.length = _errs32;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err31 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/version-files",schemaPath:"#/properties/products/additionalProperties/properties/version-files/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.products.additionalProperties.properties["version-files"].type,parentSchema:schema11.properties.products.additionalProperties.properties["version-files"],data:data12};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data11.changelog !== undefined){
let data16 = data11.changelog;
if(typeof data16 === "string"){
if(!pattern3.test(data16)){
const err32 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/changelog",schemaPath:"#/properties/products/additionalProperties/properties/changelog/pattern",keyword:"pattern",params:{pattern: "^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$"},message:"must match pattern \""+"^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$"+"\"",schema:"^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$",parentSchema:schema11.properties.products.additionalProperties.properties.changelog,data:data16};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/changelog",schemaPath:"#/properties/products/additionalProperties/properties/changelog/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties.changelog.type,parentSchema:schema11.properties.products.additionalProperties.properties.changelog,data:data16};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data11.deploy !== undefined){
let data17 = data11.deploy;
if(typeof data17 === "string"){
if(func2(data17) < 1){
const err34 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/deploy",schemaPath:"#/properties/products/additionalProperties/properties/deploy/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.products.additionalProperties.properties.deploy,data:data17};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/deploy",schemaPath:"#/properties/products/additionalProperties/properties/deploy/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties.deploy.type,parentSchema:schema11.properties.products.additionalProperties.properties.deploy,data:data17};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data11.monitor !== undefined){
let data18 = data11.monitor;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
for(const key5 in data18){
if(!((((key5 === "duration") || (key5 === "interval")) || (key5 === "urls")) || (key5 === "prometheus"))){
const err36 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor",schemaPath:"#/properties/products/additionalProperties/properties/monitor/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.products.additionalProperties.properties.monitor,data:data18};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data18.duration !== undefined){
let data19 = data18.duration;
if(typeof data19 === "string"){
if(!pattern6.test(data19)){
const err37 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/duration",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/duration/pattern",keyword:"pattern",params:{pattern: "^(?=.*[1-9])(?:[0-9]+(?:ms|s|m|h))+$"},message:"must match pattern \""+"^(?=.*[1-9])(?:[0-9]+(?:ms|s|m|h))+$"+"\"",schema:"^(?=.*[1-9])(?:[0-9]+(?:ms|s|m|h))+$",parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.duration,data:data19};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/duration",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/duration/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.duration.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.duration,data:data19};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data18.interval !== undefined){
let data20 = data18.interval;
if(typeof data20 === "string"){
if(!pattern6.test(data20)){
const err39 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/interval",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/interval/pattern",keyword:"pattern",params:{pattern: "^(?=.*[1-9])(?:[0-9]+(?:ms|s|m|h))+$"},message:"must match pattern \""+"^(?=.*[1-9])(?:[0-9]+(?:ms|s|m|h))+$"+"\"",schema:"^(?=.*[1-9])(?:[0-9]+(?:ms|s|m|h))+$",parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.interval,data:data20};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/interval",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/interval/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.interval.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.interval,data:data20};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data18.urls !== undefined){
let data21 = data18.urls;
if(Array.isArray(data21)){
const len4 = data21.length;
for(let i5=0; i5<len4; i5++){
let data22 = data21[i5];
const _errs56 = errors;
let valid18 = false;
const _errs57 = errors;
if(typeof data22 === "string"){
if(!pattern8.test(data22)){
const err41 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/0/pattern",keyword:"pattern",params:{pattern: "^https?://[^\\s/?#]+(?:[/?#]\\S*)?$"},message:"must match pattern \""+"^https?://[^\\s/?#]+(?:[/?#]\\S*)?$"+"\"",schema:"^https?://[^\\s/?#]+(?:[/?#]\\S*)?$",parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[0],data:data22};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
else {
const err42 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[0].type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[0],data:data22};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
var _valid1 = _errs57 === errors;
valid18 = valid18 || _valid1;
if(!valid18){
const _errs59 = errors;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(data22.url === undefined){
const err43 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/1/required",keyword:"required",params:{missingProperty: "url"},message:"must have required property '"+"url"+"'",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].required,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1],data:data22};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
for(const key6 in data22){
if(!(((key6 === "url") || (key6 === "expect-status")) || (key6 === "expect-body"))){
const err44 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1],data:data22};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data22.url !== undefined){
let data23 = data22.url;
if(typeof data23 === "string"){
if(!pattern8.test(data23)){
const err45 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5+"/url",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/1/properties/url/pattern",keyword:"pattern",params:{pattern: "^https?://[^\\s/?#]+(?:[/?#]\\S*)?$"},message:"must match pattern \""+"^https?://[^\\s/?#]+(?:[/?#]\\S*)?$"+"\"",schema:"^https?://[^\\s/?#]+(?:[/?#]\\S*)?$",parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].properties.url,data:data23};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
else {
const err46 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5+"/url",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/1/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].properties.url.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].properties.url,data:data23};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data22["expect-status"] !== undefined){
let data24 = data22["expect-status"];
if(!(((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24))) && (isFinite(data24)))){
const err47 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5+"/expect-status",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/1/properties/expect-status/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].properties["expect-status"].type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].properties["expect-status"],data:data24};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
if((typeof data24 == "number") && (isFinite(data24))){
if(data24 > 599 || isNaN(data24)){
const err48 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5+"/expect-status",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/1/properties/expect-status/maximum",keyword:"maximum",params:{comparison: "<=", limit: 599},message:"must be <= 599",schema:599,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].properties["expect-status"],data:data24};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if(data24 < 100 || isNaN(data24)){
const err49 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5+"/expect-status",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/1/properties/expect-status/minimum",keyword:"minimum",params:{comparison: ">=", limit: 100},message:"must be >= 100",schema:100,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].properties["expect-status"],data:data24};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
}
if(data22["expect-body"] !== undefined){
let data25 = data22["expect-body"];
if(typeof data25 !== "string"){
const err50 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5+"/expect-body",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/1/properties/expect-body/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].properties["expect-body"].type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].properties["expect-body"],data:data25};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
}
else {
const err51 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1].type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf[1],data:data22};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
var _valid1 = _errs59 === errors;
valid18 = valid18 || _valid1;
}
if(!valid18){
const err52 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls/" + i5,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/items/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items.anyOf,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.items,data:data22};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
else {
errors = _errs56;
if(vErrors !== null){
if(_errs56){
vErrors.length = _errs56;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err53 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/urls",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/urls/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.urls,data:data21};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data18.prometheus !== undefined){
let data26 = data18.prometheus;
if(data26 && typeof data26 == "object" && !Array.isArray(data26)){
if(data26.url === undefined){
const err54 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/required",keyword:"required",params:{missingProperty: "url"},message:"must have required property '"+"url"+"'",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.required,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus,data:data26};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
if(data26.queries === undefined){
const err55 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/required",keyword:"required",params:{missingProperty: "queries"},message:"must have required property '"+"queries"+"'",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.required,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus,data:data26};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
for(const key7 in data26){
if(!((key7 === "url") || (key7 === "queries"))){
const err56 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus,data:data26};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
if(data26.url !== undefined){
let data27 = data26.url;
if(typeof data27 === "string"){
if(!pattern8.test(data27)){
const err57 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/url",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/url/pattern",keyword:"pattern",params:{pattern: "^https?://[^\\s/?#]+(?:[/?#]\\S*)?$"},message:"must match pattern \""+"^https?://[^\\s/?#]+(?:[/?#]\\S*)?$"+"\"",schema:"^https?://[^\\s/?#]+(?:[/?#]\\S*)?$",parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.url,data:data27};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
else {
const err58 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/url",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.url.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.url,data:data27};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data26.queries !== undefined){
let data28 = data26.queries;
if(Array.isArray(data28)){
if(data28.length < 1){
const err59 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries,data:data28};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
const len5 = data28.length;
for(let i6=0; i6<len5; i6++){
let data29 = data28[i6];
const _errs78 = errors;
let valid24 = false;
const _errs79 = errors;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
if(data29.max === undefined){
const err60 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/allOf/0/anyOf/0/required",keyword:"required",params:{missingProperty: "max"},message:"must have required property '"+"max"+"'",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.allOf[0].anyOf[0].required,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.allOf[0].anyOf[0],data:data29};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
var _valid2 = _errs79 === errors;
valid24 = valid24 || _valid2;
if(!valid24){
const _errs80 = errors;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
if(data29.min === undefined){
const err61 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/allOf/0/anyOf/1/required",keyword:"required",params:{missingProperty: "min"},message:"must have required property '"+"min"+"'",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.allOf[0].anyOf[1].required,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.allOf[0].anyOf[1],data:data29};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
var _valid2 = _errs80 === errors;
valid24 = valid24 || _valid2;
}
if(!valid24){
const err62 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/allOf/0/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.allOf[0].anyOf,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.allOf[0],data:data29};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
else {
errors = _errs78;
if(vErrors !== null){
if(_errs78){
vErrors.length = _errs78;
}
else {
vErrors = null;
}
}
}
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
if(data29.name === undefined){
const err63 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.required,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items,data:data29};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if(data29.query === undefined){
const err64 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/required",keyword:"required",params:{missingProperty: "query"},message:"must have required property '"+"query"+"'",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.required,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items,data:data29};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
for(const key8 in data29){
if(!((((key8 === "name") || (key8 === "query")) || (key8 === "max")) || (key8 === "min"))){
const err65 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items,data:data29};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data29.name !== undefined){
let data30 = data29.name;
if(typeof data30 === "string"){
if(func2(data30) < 1){
const err66 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6+"/name",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.properties.name,data:data30};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
else {
const err67 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6+"/name",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.properties.name.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.properties.name,data:data30};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data29.query !== undefined){
let data31 = data29.query;
if(typeof data31 === "string"){
if(func2(data31) < 1){
const err68 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6+"/query",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/properties/query/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.properties.query,data:data31};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
else {
const err69 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6+"/query",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/properties/query/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.properties.query.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.properties.query,data:data31};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
if(data29.max !== undefined){
let data32 = data29.max;
if(!((typeof data32 == "number") && (isFinite(data32)))){
const err70 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6+"/max",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/properties/max/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.properties.max.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.properties.max,data:data32};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data29.min !== undefined){
let data33 = data29.min;
if(!((typeof data33 == "number") && (isFinite(data33)))){
const err71 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6+"/min",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/properties/min/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.properties.min.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.properties.min,data:data33};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
else {
const err72 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries/" + i6,schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.items,data:data29};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
else {
const err73 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus/queries",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/properties/queries/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.properties.queries,data:data28};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
}
else {
const err74 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor/prometheus",schemaPath:"#/properties/products/additionalProperties/properties/monitor/properties/prometheus/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor.properties.prometheus,data:data26};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
}
else {
const err75 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/monitor",schemaPath:"#/properties/products/additionalProperties/properties/monitor/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.products.additionalProperties.properties.monitor.type,parentSchema:schema11.properties.products.additionalProperties.properties.monitor,data:data18};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
}
else {
const err76 = {instancePath:instancePath+"/products/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/products/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.products.additionalProperties.type,parentSchema:schema11.properties.products.additionalProperties,data:data11};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
}
else {
const err77 = {instancePath:instancePath+"/products",schemaPath:"#/properties/products/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.products.type,parentSchema:schema11.properties.products,data:data10};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
}
else {
const err78 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}
