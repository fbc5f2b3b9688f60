import type { Choice } from '../contract.js';
import { truncate } from '../parse/text.js';
import type { Region } from '../regions/gazetteer.js';
import { matchRegion } from '../regions/match.js';
import { regionKey } from '../regions/normalize.js';
import type { Answers, EngineState } from '../state.js';
import type { Env, Outcome, StepHandler } from './types.js';

type Level = 'province' | 'regency' | 'district' | 'village';

const PARENT: Record<Level, Level | null> = { province: null, regency: 'province', district: 'regency', village: 'district' };

function parentCode(s: EngineState, level: Level): string | null {
  const parent = PARENT[level];
  return parent ? (s.a[parent] as string | undefined) ?? null : null;
}

function toChoice(r: Region): Choice {
  return { value: r.code, label: r.name };
}

function question(s: EngineState, level: Level, { m, data }: Env): string {
  const parent = parentCode(s, level);
  const name = parent ? data.gazetteer.get(parent)?.name ?? parent : '';
  switch (level) {
    case 'province':
      return m.provinceQuestion;
    case 'regency':
      return m.regencyQuestion(name);
    case 'district':
      return m.districtQuestion(name);
    case 'village':
      return m.villageQuestion(name);
  }
}

/**
 * At the province question a citizen often names the city instead ("batam"): when
 * exactly one regency in the country has that name, it settles both answers.
 */
function regencyInstead(input: string, env: Env): Partial<Answers> | null {
  const found = env.data.gazetteer.regenciesNamed(regionKey(input).key);
  if (found.length !== 1) return null;
  return { province: found[0]!.code.slice(0, 2), regency: found[0]!.code };
}

function regionStep(level: Level): StepHandler {
  return {
    prompt: (s, env) => {
      const offered = s.offered
        ?.map((code) => env.data.gazetteer.get(code))
        .filter((r): r is Region => r !== undefined)
        .map(toChoice);
      return offered && offered.length > 0 ? { text: env.m.regionAmbiguous, choices: offered } : { text: question(s, level, env) };
    },
    answer: (s, input, env): Outcome => {
      const { gazetteer } = env.data;
      const parent = parentCode(s, level);
      const children = gazetteer.children(parent);
      const chosen = input.value ? children.find((r) => r.code === input.value) : undefined;
      if (chosen) return { type: 'answered', set: { [level]: chosen.code } };
      const match = matchRegion(input.text, children);
      if (match.type === 'found') return { type: 'answered', set: { [level]: match.region.code } };
      if (match.type === 'ambiguous') {
        return { type: 'offer', text: env.m.regionAmbiguous, choices: match.candidates.map(toChoice) };
      }
      if (level === 'province') {
        const both = regencyInstead(input.text, env);
        if (both) return { type: 'answered', set: both };
      }
      const parentName = parent ? gazetteer.get(parent)?.name ?? parent : env.m.indonesia;
      // The shortest sibling name makes the example, and keeps the SMS within one segment.
      const example = children.reduce<Region | undefined>((best, r) => (!best || r.name.length < best.name.length ? r : best), undefined);
      return { type: 'rejected', error: env.m.regionNotFound(truncate(input.text, 25), parentName, example?.name ?? '') };
    },
  };
}

/**
 * The address, one level at a time, each matched among the children of the level
 * above only ("sei beduk" among Kota Batam's districts). Tolerates abbreviations
 * ("kab. lingga", "kepri"), "sei"/"sungai", missing "kota"/"kabupaten" and typos;
 * several close matches are offered as choices.
 *
 * @example bot: "Kecamatan apa di Kota Batam?" — citizen: "sungai beduk" — stored: "21.71.07" (Sei Beduk)
 */
export const provinceStep = regionStep('province');
/** The regency or city, within the chosen province. @example citizen: "kab. lingga" — stored "21.04" */
export const regencyStep = regionStep('regency');
/** The district, within the chosen regency. @example citizen: "sei beduk" — stored "21.71.07" */
export const districtStep = regionStep('district');
/** The village, within the chosen district; optional. @example citizen: "tanjung piayu" — stored "21.71.07.1004" */
export const villageStep = regionStep('village');
