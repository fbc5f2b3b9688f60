import { LIMITS } from '../data.js';
import { charLength, oneLine, utf8Length } from '../parse/text.js';
import { describeAddress } from '../regions/address.js';
import type { StepHandler } from './types.js';

/**
 * Where it happened. The citizen's own village is offered as the default; a shared
 * location also answers it (the engine stores the coordinates).
 *
 * @example bot: "Di mana tepatnya kejadiannya? … 1. Di Tanjung Piayu" — citizen: "Jl. Raya Tanjung Piayu depan SDN 005"
 */
export const placeStep: StepHandler = {
  prompt: (s, { m, data }) => {
    const home = s.a.village ?? s.a.district;
    const name = home ? data.gazetteer.get(home)?.name : undefined;
    return { text: m.placeQuestion, choices: name ? [{ value: 'home', label: m.placeSame(name) }] : [] };
  },
  answer: (s, input, { m, data }) => {
    if (input.value === 'home') {
      return { type: 'answered', set: { place: describeAddress(data.gazetteer, { ...s.a, province: undefined }) } };
    }
    const place = oneLine(input.text);
    if (charLength(place) < 3) return { type: 'rejected', error: m.placeTooShort };
    if (charLength(place) > LIMITS.placeMax || utf8Length(place) > LIMITS.placeMaxBytes) return { type: 'rejected', error: m.placeTooLong(LIMITS.placeMax) };
    return { type: 'answered', set: { place } };
  },
};
