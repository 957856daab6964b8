// Generates data/aws-schema.json, the AWS provider schema tfgrade validates
// against, from the `.jsii` assemblies of @cdktf/provider-aws (which are
// generated from the provider's own schema). Versions are pinned in
// package.json / package-lock.json of this folder, one npm alias per major.
//
//   npm ci && node generate.mjs          rewrites ../../data/aws-schema.json
//   npm ci && node generate.mjs --check  regenerates and fails on any difference
//
// Output (compact JSON, read by core/src/validate/schema.rs):
//   header:   format, generator version, and per major the package, its
//             integrity (from package-lock.json) and the provider version
//   shapes:   deduplicated block bodies, [attributes, blocks]
//             attributes: {name: code} where code is a flag
//               r required, o optional, c computed only
//             followed by a type: s string, n number, b bool, a any,
//               l<t> list or set of t, m<t> map of t,
//               o<index> object (fields: shape <index>, which may be written
//               as blocks too)
//             blocks: {name: [nesting, min, max, shape]} nesting "s" single
//               (at most one) or "l" list/set; max 0 when unknown; shape -1
//               when the source does not describe the block's content
//   versions: per major ("6", "5", "4"): resources and data sources by type
//             to shape. The newest major is complete; older ones list only
//             types whose shape differs from the newest, and the types the
//             newest has but they lack (absent_resources, absent_data).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERATOR_VERSION = 1;
const here = path.dirname(fileURLToPath(import.meta.url));
const output = path.resolve(here, '../../data/aws-schema.json');
const lock = JSON.parse(fs.readFileSync(path.join(here, 'package-lock.json'), 'utf8'));
const MAJORS = ['6', '5', '4'];

const shapes = [];
const shapeIndex = new Map();

function addShape(shape) {
  const key = JSON.stringify(shape);
  let index = shapeIndex.get(key);
  if (index === undefined) {
    index = shapes.length;
    shapes.push(shape);
    shapeIndex.set(key, index);
  }
  return index;
}

/** `fooBarBaz` → `foo_bar_baz`: only for getters, which carry no link. */
function snake(name) {
  return name.replace(/([A-Z])/g, (c) => `_${c.toLowerCase()}`);
}

/** The Terraform name in a property's registry link (`…/db_instance#db_name`). */
function terraformName(property) {
  const text = `${property.docs?.summary ?? ''} ${property.docs?.remarks ?? ''}`;
  const match = text.match(/docs\/(?:resources|data-sources)\/[a-z0-9_]+#([A-Za-z0-9_]+)/);
  return match ? match[1] : snake(property.name);
}

/** `X block.`: a nested block rather than an attribute. */
function isBlock(property) {
  return /^\S+ block\.$/.test((property.docs?.summary ?? '').trim());
}

/** Strips `IResolvable` from unions (any value may be a reference). */
function concrete(type) {
  if (type.union) {
    const rest = type.union.types.filter((t) => t.fqn !== 'cdktf.IResolvable');
    if (rest.length === 1) return concrete(rest[0]);
    if (rest.length === 0) return { primitive: 'any' };
    return { primitive: 'any' };
  }
  return type;
}

class Assembly {
  constructor(file) {
    this.types = JSON.parse(fs.readFileSync(file, 'utf8')).types;
    this.memo = new Map();
  }

  /** A type code, converting nested object types to shapes. */
  typeCode(type) {
    const t = concrete(type);
    if (t.primitive) {
      return { string: 's', number: 'n', boolean: 'b' }[t.primitive] ?? 'a';
    }
    if (t.collection) {
      const element = this.typeCode(t.collection.elementtype);
      return (t.collection.kind === 'map' ? 'm' : 'l') + element;
    }
    if (t.fqn && this.types[t.fqn]?.kind === 'interface') {
      const shape = this.shapeOf(t.fqn, false);
      return shape < 0 ? 'a' : `o${shape}`;
    }
    return 'a';
  }

  /** The shape of a configuration interface (a block body). */
  shapeOf(fqn, withRequired = true) {
    // Memoised; a type that contains itself (older assemblies model WAF's
    // nested statements so) is open (-1) where it recurs.
    const key = `${withRequired ? 'r' : 'o'}${fqn}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    this.memo.set(key, -1);
    const iface = this.types[fqn];
    const attributes = {};
    const blocks = {};
    for (const property of iface.properties ?? []) {
      const name = terraformName(property);
      const type = concrete(property.type);
      if (isBlock(property)) {
        let nesting = 's';
        let inner = type;
        if (type.collection) {
          nesting = 'l';
          inner = concrete(type.collection.elementtype);
        }
        const shape = inner.fqn ? this.shapeOf(inner.fqn) : -1;
        const min = property.optional ? 0 : 1;
        blocks[name] = [nesting, min, nesting === 's' ? 1 : 0, shape];
      } else {
        const flag = withRequired && !property.optional ? 'r' : 'o';
        attributes[name] = flag + this.typeCode(property.type);
      }
    }
    const index = addShape([sorted(attributes), sorted(blocks)]);
    this.memo.set(key, index);
    return index;
  }

  /** Resource and data-source classes: [mode, terraform type, shape]. */
  *classes() {
    for (const [fqn, type] of Object.entries(this.types)) {
      if (type.kind !== 'class') continue;
      const mode = { 'cdktf.TerraformResource': 'resources', 'cdktf.TerraformDataSource': 'data' }[type.base];
      if (!mode) continue;
      const link = (type.docs?.summary ?? '').match(/docs\/(resources|data-sources)\/[a-z0-9_]+ (aws_[a-z0-9_]+)\}/);
      if (!link) throw new Error(`no Terraform name for ${fqn}`);
      const config = type.initializer?.parameters?.find((p) => p.name === 'config');
      if (!config) throw new Error(`no config for ${fqn}`);
      const configFqn = concrete(config.type).fqn;
      const rootShape = shapes[this.shapeOf(configFqn)];
      // Computed-only attributes: getters with no `…Input` twin that are not
      // arguments.
      const inputs = new Set(
        (type.properties ?? []).filter((p) => p.name.endsWith('Input')).map((p) => p.name.slice(0, -5)),
      );
      const attributes = { ...rootShape[0] };
      for (const property of type.properties ?? []) {
        if (property.static || !property.immutable || property.name.endsWith('Input')) continue;
        if (inputs.has(property.name)) continue;
        const name = snake(property.name);
        if (name in attributes || name in rootShape[1]) continue;
        attributes[name] = `c${this.typeCode(property.type)}`;
      }
      const shape = addShape([sorted(attributes), rootShape[1]]);
      yield [mode, link[2], shape];
    }
  }
}

function sorted(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function generate() {
  const header = { format: 1, generator: GENERATOR_VERSION, source: '@cdktf/provider-aws', majors: {} };
  const versions = {};
  for (const major of MAJORS) {
    const entry = lock.packages[`node_modules/provider-aws-${major}`];
    const dir = path.join(here, 'node_modules', `provider-aws-${major}`);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    if (pkg.version !== entry.version) throw new Error(`provider-aws-${major}: installed ${pkg.version}, locked ${entry.version}`);
    const provider = pkg.cdktf?.provider?.version;
    if (!provider?.startsWith(`${major}.`)) throw new Error(`provider-aws-${major} is AWS provider ${provider}`);
    header.majors[major] = { package: entry.version, integrity: entry.integrity, provider };
    const assembly = new Assembly(path.join(dir, '.jsii'));
    const version = { resources: {}, data: {} };
    for (const [mode, name, shape] of assembly.classes()) {
      if (name in version[mode]) throw new Error(`duplicate ${mode} ${name}`);
      version[mode][name] = shape;
    }
    version.resources = sorted(version.resources);
    version.data = sorted(version.data);
    versions[major] = version;
  }
  // Older majors as differences from the newest.
  const newest = versions[MAJORS[0]];
  for (const major of MAJORS.slice(1)) {
    const full = versions[major];
    const diff = { resources: {}, data: {}, absent_resources: [], absent_data: [] };
    for (const mode of ['resources', 'data']) {
      for (const [name, shape] of Object.entries(full[mode])) {
        if (newest[mode][name] !== shape) diff[mode][name] = shape;
      }
      for (const name of Object.keys(newest[mode])) {
        if (!(name in full[mode])) diff[`absent_${mode}`].push(name);
      }
    }
    versions[major] = diff;
  }
  return JSON.stringify({ header, shapes, versions });
}

const text = `${generate()}\n`;
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '';
  if (committed !== text) {
    console.error(`${path.relative(process.cwd(), output)} differs from what the pinned packages generate; run: node generate.mjs`);
    process.exit(1);
  }
  console.log(`${output}: matches the pinned packages`);
} else {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, text);
  console.log(`wrote ${output} (${text.length} bytes, ${shapes.length} shapes)`);
}
