#include "bytecode/disassembler.h"

#include <bit>
#include <cstdio>

#include "bytecode/opcode.h"
#include "facts/statement_kind.h"

namespace govern {
namespace {

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string SelectorText(const ProgramData& p, uint32_t sel) {
  const SelectorMeta& s = p.selectors[sel];
  if (s.kind == SelectorKind::kAll) return "all";
  if (s.kind == SelectorKind::kUnion) {
    std::string out = "any(";
    for (uint32_t m : p.selector_lists[s.glob]) out += (out.size() > 4 ? ", " : "") + SelectorText(p, m);
    return out + ")";
  }
  return std::string(SelectorKindName(s.kind)) + " " + Quote(p.strings[s.glob]);
}

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}

void AppendChunk(const ProgramData& p, uint32_t chunk, std::string& out) {
  const Chunk& c = p.chunks[chunk];
  for (uint32_t pc = c.begin; pc < c.end; ++pc) {
    char addr[32];
    std::snprintf(addr, sizeof addr, "    %04u  ", pc);
    std::string line = addr + Pad(DisassembleInstruction(p, pc), 40);
    const InstrSpan& span = p.spans[pc];
    if (span.line) line += "; " + std::to_string(span.line) + ":" + std::to_string(span.column);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
}

void AppendTemplate(const ProgramData& p, uint32_t t, std::string& out) {
  if (t == kNoTemplate) return;
  const Template& tpl = p.templates[t];
  std::string text;
  for (uint32_t i = tpl.first_part; i < tpl.first_part + tpl.part_count; ++i) {
    const TemplatePart& part = p.template_parts[i];
    text += part.is_expr ? "{chunk " + std::to_string(part.value) + "}" : p.strings[part.value];
  }
  out += " " + Quote(text);
}

}  // namespace

std::string KindMaskText(uint64_t mask) {
  size_t count = 0;
  const StatementKindInfo* kinds = StatementKindTable(&count);
  uint64_t all = 0;
  for (size_t i = 0; i < count; ++i) all |= uint64_t{1} << static_cast<unsigned>(kinds[i].kind);
  if ((mask & all) == all) return "all";
  // Print the shorter of the set and its complement.
  bool complement = std::popcount(mask & all) > std::popcount(all) / 2;
  std::string out = complement ? "all except {" : "{";
  size_t open = out.size();
  for (size_t i = 0; i < count; ++i) {
    if (((mask >> static_cast<unsigned>(kinds[i].kind)) & 1) == complement) continue;
    if (out.size() > open) out += ", ";
    out += kinds[i].name;
  }
  return out + "}";
}

std::string DisassembleInstruction(const ProgramData& p, uint32_t pc) {
  uint32_t word = p.code[pc];
  const OpInfo* info = FindOpInfo(OpcodeOf(word));
  if (!info) return "??? " + std::to_string(OpcodeOf(word));
  uint32_t a = OperandOf(word);
  std::string out(info->name);
  switch (info->operand) {
    case OperandKind::kNone: break;
    case OperandKind::kStr: out += " " + Quote(p.strings[a]); break;
    case OperandKind::kNum: out += " " + std::to_string(p.numbers[a]); break;
    case OperandKind::kSet: {
      out += " {";
      for (size_t i = 0; i < p.string_sets[a].size(); ++i)
        out += (i ? ", " : "") + Quote(p.strings[p.string_sets[a][i]]);
      out += "}";
      break;
    }
    case OperandKind::kMask: out += " " + KindMaskText(p.kind_masks[a]); break;
    case OperandKind::kAttr: {
      const AttrInfo* attr = FindAttrInfo(a);
      out += " " + std::string(attr ? attr->name : "?");
      break;
    }
    case OperandKind::kSel: out += " " + SelectorText(p, a); break;
    case OperandKind::kTarget: out += " -> " + std::to_string(a); break;
    case OperandKind::kAttrStr: {
      const AttrInfo* attr = FindAttrInfo(AttrOf(a));
      out += " " + std::string(attr ? attr->name : "?") + " " +
             (StrOf(a) < p.strings.size() ? Quote(p.strings[StrOf(a)]) : std::string("?"));
      break;
    }
  }
  return out;
}

std::string Disassemble(const ProgramData& p) {
  std::string out;
  out += "bundle: " + std::to_string(p.rules.size()) + " rules, " + std::to_string(p.code.size()) +
         " instructions, " + std::to_string(p.selectors.size()) + " selectors, " + std::to_string(p.strings.size()) +
         " strings\n";
  out += std::string("default: ") + (p.default_deny() ? "deny" : "allow") + "\n";
  out += std::string("signed: ") + ((p.flags & kFlagSigned) ? "yes" : "no") + "\n";
  out += std::string("catalog: ") + (p.catalog_json.empty() ? "none" : "embedded (" +
                                      std::to_string(p.catalog_json.size()) + " bytes)") + "\n";
  for (const SourceMeta& s : p.sources) {
    std::string hex;
    static const char* kHex = "0123456789abcdef";
    for (size_t i = 0; i < 8; ++i) {
      hex += kHex[s.sha256[i] >> 4];
      hex += kHex[s.sha256[i] & 15];
    }
    out += "source: " + p.strings[s.path] + " sha256:" + hex + "...\n";
  }
  for (uint32_t r = 0; r < p.rules.size(); ++r) {
    const RuleMeta& rule = p.rules[r];
    out += "\nrule " + p.strings[rule.id];
    if (!p.sources.empty()) out += "  (" + p.strings[p.sources[rule.source].path] + ":" + std::to_string(rule.line) +
                                   ":" + std::to_string(rule.column) + ")";
    out += "\n";
    if (r < p.rule_descriptions.size() && !p.strings[p.rule_descriptions[r]].empty())
      out += "  description: " + p.strings[p.rule_descriptions[r]] + "\n";
    out += "  kinds: " + KindMaskText(rule.kind_mask) + "\n";
    if (rule.condition == kNoChunk) {
      out += "  when: always\n";
    } else {
      out += "  when: chunk " + std::to_string(rule.condition) + "\n";
      AppendChunk(p, rule.condition, out);
    }
    for (uint32_t e = rule.first_effect; e < rule.first_effect + rule.effect_count; ++e) {
      const EffectMeta& effect = p.effects[e];
      out += "  effect " + std::string(EffectTypeName(effect.type));
      if (effect.type == EffectType::kMask)
        out += " " + SelectorText(p, effect.selector) + " with " + std::string(MaskMethodName(effect.method));
      if (effect.type == EffectType::kApproval) out += " from " + Quote(p.strings[effect.group]);
      AppendTemplate(p, effect.text, out);
      out += "\n";
    }
  }
  // Chunks that belong to message templates.
  bool header = false;
  for (const TemplatePart& part : p.template_parts) {
    if (!part.is_expr) continue;
    if (!header) out += "\ntemplate chunks\n";
    header = true;
    out += "  chunk " + std::to_string(part.value) + " -> " + std::string(1, static_cast<char>(p.chunks[part.value].result)) + "\n";
    AppendChunk(p, part.value, out);
  }
  return out;
}

}  // namespace govern
