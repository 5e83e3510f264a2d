import {
  ColorDimension,
  QuizOption,
  QuizQuestion,
  QuizResultProfile,
} from '@/quiz/quiz.types';

type Points = 1 | 2 | 3;

/** One option as written below: Chinese, English, dimension, points. */
type OptionRow = [zh: string, en: string, dimension: ColorDimension, Points];

const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E'];

function question(
  id: string,
  category: string,
  prompt: [zh: string, en: string],
  rows: OptionRow[],
): QuizQuestion {
  const options = rows.map(
    ([zh, en, dimension, points], index): QuizOption => ({
      id: OPTION_LETTERS[index],
      label: { zh, en },
      dimension,
      points,
    }),
  );

  return { id, category, prompt: { zh: prompt[0], en: prompt[1] }, options };
}

/** The whole bank: every question covers each dimension exactly once. */
export const QUIZ_QUESTIONS: readonly QuizQuestion[] = [
  question(
    'personality-01',
    'personality',
    ['朋友最常怎麼形容你？', 'How do your friends most often describe you?'],
    [
      ['冷靜、理性', 'Calm and level-headed', 'cool', 2],
      ['溫暖、好相處', 'Warm and easy to be around', 'warm', 2],
      ['有自信、講究品味', 'Confident, with refined taste', 'metal', 3],
      ['低調、有深度', 'Quiet, with hidden depths', 'dark', 2],
      ['活潑、點子多', 'Lively and full of ideas', 'colorful', 3],
    ],
  ),
  question(
    'personality-02',
    'personality',
    ['面對新挑戰時，你通常會…', 'Facing a new challenge, you usually…'],
    [
      ['先蒐集資料再仔細規劃', 'Gather facts and plan carefully', 'cool', 3],
      ['直接動手，邊做邊調整', 'Dive in and adjust as you go', 'colorful', 2],
      ['找夥伴一起討論', 'Talk it through with others', 'warm', 3],
      [
        '設定高標準，做到最好',
        'Set a high bar and aim for the best',
        'metal',
        2,
      ],
      ['獨自沉澱，想清楚再說', 'Reflect alone until it is clear', 'dark', 3],
    ],
  ),
  question(
    'personality-03',
    'personality',
    ['在團體中，你比較常扮演…', 'In a group, you are most often…'],
    [
      ['帶動氣氛的人', 'The one who lifts the mood', 'colorful', 3],
      ['默默觀察的人', 'The quiet observer', 'dark', 2],
      ['照顧大家的人', 'The one who looks after everyone', 'warm', 2],
      ['拍板決定的人', 'The one who makes the call', 'metal', 2],
      ['冷靜分析的人', 'The calm analyst', 'cool', 2],
    ],
  ),
  question(
    'personality-04',
    'personality',
    ['你最重視哪一種特質？', 'Which quality do you value most?'],
    [
      ['真誠', 'Sincerity', 'warm', 3],
      ['創意', 'Creativity', 'colorful', 2],
      ['專業', 'Expertise', 'metal', 2],
      ['內斂', 'Restraint', 'dark', 2],
      ['自在', 'Ease', 'cool', 3],
    ],
  ),
  question(
    'lifestyle-01',
    'lifestyle',
    ['理想的週末早晨是…', 'Your ideal weekend morning is…'],
    [
      ['在咖啡館慢慢吃早午餐', 'A slow brunch at a café', 'warm', 3],
      ['到河濱公園跑步', 'A run by the river', 'cool', 2],
      ['逛市集、看展覽', 'A market or an exhibition', 'colorful', 3],
      ['在家聽黑膠、看書', 'Records and a book at home', 'dark', 2],
      ['到飯店享用精緻早餐', 'A refined hotel breakfast', 'metal', 2],
    ],
  ),
  question(
    'lifestyle-02',
    'lifestyle',
    ['你最常用哪種方式放鬆？', 'How do you usually unwind?'],
    [
      ['看一部懸疑電影', 'Watching a mystery film', 'dark', 3],
      ['泡澡、點香氛蠟燭', 'A bath and a scented candle', 'warm', 2],
      ['游泳或到海邊走走', 'A swim or a walk by the sea', 'cool', 3],
      ['畫畫、做手作', 'Painting or crafts', 'colorful', 2],
      [
        '保養收藏的錶與配件',
        'Polishing my watches and accessories',
        'metal',
        3,
      ],
    ],
  ),
  question(
    'lifestyle-03',
    'lifestyle',
    ['挑選新手機時，你最先注意…', 'Choosing a new phone, you first notice…'],
    [
      ['機身的金屬光澤', 'The sheen of the metal frame', 'metal', 3],
      [
        '有沒有大膽亮眼的配色',
        'Whether it comes in bold colours',
        'colorful',
        3,
      ],
      ['簡潔清爽的外型', 'A clean, fresh look', 'cool', 2],
      ['沉穩耐髒的深色', 'A calm dark shade that hides marks', 'dark', 2],
      ['握在手上溫潤的觸感', 'A soft, warm feel in the hand', 'warm', 2],
    ],
  ),
  question(
    'fashion-01',
    'fashion',
    ['你衣櫃裡最多的是…', 'Your wardrobe is mostly…'],
    [
      ['黑色與炭灰', 'Black and charcoal', 'dark', 3],
      ['米白、駝色與奶茶色', 'Off-white, camel and latte', 'warm', 3],
      ['藍色與灰色', 'Blues and greys', 'cool', 3],
      ['各種鮮豔的顏色', 'Every bright colour there is', 'colorful', 3],
      ['帶光澤的緞面與亮片', 'Shiny satin and sequins', 'metal', 3],
    ],
  ),
  question(
    'fashion-02',
    'fashion',
    ['你最常戴的飾品是…', 'The accessory you wear most is…'],
    [
      ['銀色或白金首飾', 'Silver or platinum jewellery', 'metal', 3],
      ['木質或皮革手環', 'A wooden or leather bracelet', 'warm', 2],
      ['彩色串珠或造型耳環', 'Colourful beads or bold earrings', 'colorful', 2],
      ['黑色錶帶的簡約手錶', 'A simple watch on a black strap', 'dark', 2],
      ['透明玻璃或水晶小物', 'A small glass or crystal piece', 'cool', 2],
    ],
  ),
  question(
    'fashion-03',
    'fashion',
    ['參加正式晚宴，你會穿…', 'For a formal dinner, you would wear…'],
    [
      ['經典黑色套裝', 'A classic black outfit', 'dark', 3],
      [
        '香檳金的禮服或配件',
        'Champagne gold, head to toe or in accents',
        'metal',
        2,
      ],
      ['寶石藍或薄荷綠', 'Sapphire blue or mint green', 'cool', 2],
      ['焦糖或鐵鏽色', 'Caramel or rust', 'warm', 2],
      ['印花或撞色設計', 'A print or bold colour blocks', 'colorful', 1],
    ],
  ),
  question(
    'space-01',
    'space',
    ['你理想的客廳風格是…', 'Your ideal living room is…'],
    [
      ['北歐風，原木與米色', 'Nordic, with natural wood and beige', 'warm', 3],
      ['工業風，鐵件與水泥', 'Industrial, with steel and concrete', 'metal', 2],
      ['白色搭配淺藍', 'Crisp white with pale blue', 'cool', 2],
      ['深色牆面與低調燈光', 'Dark walls and low lighting', 'dark', 3],
      ['繽紛抱枕與藝術海報', 'Bright cushions and art prints', 'colorful', 2],
    ],
  ),
  question(
    'space-02',
    'space',
    ['你的書桌上一定有…', 'Your desk always has…'],
    [
      ['一盞黃銅檯燈', 'A brass desk lamp', 'metal', 3],
      ['一盆綠色植物', 'A green plant', 'cool', 2],
      ['一杯熱茶', 'A cup of hot tea', 'warm', 2],
      ['整齊的黑色收納盒', 'Neat black storage boxes', 'dark', 1],
      ['五顏六色的便利貼', 'Sticky notes in every colour', 'colorful', 3],
    ],
  ),
  question(
    'space-03',
    'space',
    ['你喜歡哪一種燈光？', 'Which lighting do you prefer?'],
    [
      ['溫暖的黃光', 'Warm yellow light', 'warm', 2],
      ['明亮的自然白光', 'Bright natural daylight', 'cool', 3],
      ['會變色的氣氛燈', 'Colour-changing mood lights', 'colorful', 2],
      ['昏暗的間接照明', 'Dim, indirect lighting', 'dark', 2],
      ['水晶吊燈的閃爍光芒', 'The sparkle of a crystal chandelier', 'metal', 3],
    ],
  ),
  question(
    'travel-01',
    'travel',
    ['你最想去哪裡旅行？', 'Where would you most like to travel?'],
    [
      ['冰島看極光', 'Iceland, to see the aurora', 'cool', 3],
      ['摩洛哥的彩色市集', 'The colourful markets of Morocco', 'colorful', 3],
      ['托斯卡尼的葡萄園', 'The vineyards of Tuscany', 'warm', 3],
      ['杜拜的摩天大樓', 'The skyscrapers of Dubai', 'metal', 2],
      ['京都夜晚的老街', 'Old Kyoto streets at night', 'dark', 2],
    ],
  ),
  question(
    'travel-02',
    'travel',
    ['旅行時你一定會帶…', 'You never travel without…'],
    [
      ['相機，記錄每種色彩', 'A camera for every colour I see', 'colorful', 2],
      ['一本書和深色外套', 'A book and a dark jacket', 'dark', 2],
      ['輕巧的鋁殼行李箱', 'A light aluminium suitcase', 'metal', 3],
      ['泳衣和海灘巾', 'Swimwear and a beach towel', 'cool', 2],
      ['柔軟的圍巾與保溫杯', 'A soft scarf and a flask of tea', 'warm', 2],
    ],
  ),
  question(
    'travel-03',
    'travel',
    ['旅途中最讓你心動的是…', 'On a trip, what moves you most is…'],
    [
      ['夕陽染紅天空', 'A sunset turning the sky red', 'warm', 3],
      ['清晨湖面的薄霧', 'Morning mist over a lake', 'cool', 2],
      ['城市夜景的燈火', 'City lights glittering at night', 'metal', 2],
      ['滿天星空的寧靜', 'The silence under a starry sky', 'dark', 3],
      ['熱鬧的街頭慶典', 'A lively street festival', 'colorful', 2],
    ],
  ),
  question(
    'mood-01',
    'mood',
    [
      '心情低落時，什麼最能安慰你？',
      'When you feel low, what comforts you most?',
    ],
    [
      ['一杯熱可可', 'A mug of hot cocoa', 'warm', 2],
      ['雨後的清新空氣', 'Fresh air after the rain', 'cool', 2],
      ['關燈聽喜歡的歌', 'Favourite songs with the lights off', 'dark', 2],
      ['和朋友去唱歌', 'A night of karaoke with friends', 'colorful', 3],
      [
        '買個閃亮的小東西犒賞自己',
        'A little something shiny as a treat',
        'metal',
        2,
      ],
    ],
  ),
  question(
    'mood-02',
    'mood',
    ['哪個詞最接近你今天的心情？', 'Which word best fits your mood today?'],
    [
      ['平靜', 'Calm', 'cool', 3],
      ['溫馨', 'Cosy', 'warm', 3],
      ['興奮', 'Excited', 'colorful', 3],
      ['沉思', 'Thoughtful', 'dark', 3],
      ['耀眼', 'Dazzling', 'metal', 2],
    ],
  ),
  question(
    'mood-03',
    'mood',
    ['選一種音樂氛圍', 'Pick the sound of your day'],
    [
      ['深夜爵士鋼琴', 'Late-night jazz piano', 'dark', 3],
      ['輕快的流行舞曲', 'Upbeat dance pop', 'colorful', 2],
      ['木吉他民謠', 'Acoustic folk', 'warm', 2],
      ['海浪聲與環境音樂', 'Ambient music and waves', 'cool', 3],
      ['華麗的管弦樂', 'A grand orchestra', 'metal', 2],
    ],
  ),
];

/** One result per dimension, the one with the highest score wins. */
export const QUIZ_RESULTS: Readonly<Record<ColorDimension, QuizResultProfile>> =
  {
    metal: {
      id: 'result-metal',
      dimension: 'metal',
      title: { zh: '金屬質感派', en: 'Metallic Sheen' },
      description: {
        zh: '你欣賞精緻的細節，偏愛帶有光澤的材質。金屬色能襯托你的自信與品味。',
        en: 'You appreciate fine detail and favour finishes with a sheen. Metallic tones bring out your confidence and taste.',
      },
      colors: [
        { name: { zh: '香檳金', en: 'Champagne Gold' }, hex: '#D8C08E' },
        { name: { zh: '月光銀', en: 'Moon Silver' }, hex: '#C0C0C0' },
        { name: { zh: '玫瑰金', en: 'Rose Gold' }, hex: '#B76E79' },
        { name: { zh: '槍灰', en: 'Gunmetal' }, hex: '#53565A' },
      ],
    },
    cool: {
      id: 'result-cool',
      dimension: 'cool',
      title: { zh: '清新冷調派', en: 'Cool and Fresh' },
      description: {
        zh: '你冷靜理性，喜歡清爽俐落的感覺。藍、綠與灰色調讓你感到自在。',
        en: 'You are calm and clear-headed, and like things crisp and uncluttered. Blues, greens and greys put you at ease.',
      },
      colors: [
        { name: { zh: '冰川藍', en: 'Glacier Blue' }, hex: '#A5D8E6' },
        { name: { zh: '鼠尾草綠', en: 'Sage Green' }, hex: '#9CAF88' },
        { name: { zh: '霧灰', en: 'Mist Grey' }, hex: '#B8BCC2' },
        { name: { zh: '薄荷綠', en: 'Mint' }, hex: '#98D8C8' },
      ],
    },
    warm: {
      id: 'result-warm',
      dimension: 'warm',
      title: { zh: '溫暖大地派', en: 'Warm and Earthy' },
      description: {
        zh: '你親切隨和，重視生活中的溫度。大地色與奶油色調最能呈現你溫柔自在的一面。',
        en: 'You are warm-hearted and value comfort in everyday life. Earth tones and creamy shades reflect your easy, gentle side.',
      },
      colors: [
        { name: { zh: '奶油白', en: 'Cream' }, hex: '#F3E5C8' },
        { name: { zh: '駝色', en: 'Camel' }, hex: '#C19A6B' },
        { name: { zh: '陶土紅', en: 'Terracotta' }, hex: '#C4623F' },
        { name: { zh: '琥珀', en: 'Amber' }, hex: '#D99A3E' },
      ],
    },
    dark: {
      id: 'result-dark',
      dimension: 'dark',
      title: { zh: '沉穩深色派', en: 'Deep and Understated' },
      description: {
        zh: '你低調而有深度，重視內涵勝過外表。深色調帶來穩重與一點神秘感，與你最相襯。',
        en: 'You are understated and thoughtful, valuing depth over display. Deep shades carry the calm, quietly mysterious air that suits you.',
      },
      colors: [
        { name: { zh: '午夜黑', en: 'Midnight Black' }, hex: '#1B1B1F' },
        { name: { zh: '炭灰', en: 'Charcoal' }, hex: '#36454F' },
        { name: { zh: '深海藍', en: 'Deep Navy' }, hex: '#1F2A44' },
        { name: { zh: '酒紅', en: 'Burgundy' }, hex: '#5A1E2B' },
      ],
    },
    colorful: {
      id: 'result-colorful',
      dimension: 'colorful',
      title: { zh: '繽紛色彩派', en: 'Vivid Colour' },
      description: {
        zh: '你充滿活力與創意，喜歡讓生活多一點驚喜。鮮明的色彩最能展現你的個性。',
        en: 'You are full of energy and ideas, and like a little surprise in every day. Bold colours show your personality best.',
      },
      colors: [
        { name: { zh: '珊瑚橘', en: 'Coral' }, hex: '#FF7F50' },
        { name: { zh: '向日葵黃', en: 'Sunflower Yellow' }, hex: '#FFC93C' },
        { name: { zh: '土耳其藍', en: 'Turquoise' }, hex: '#30C5D2' },
        { name: { zh: '桃紅', en: 'Fuchsia' }, hex: '#D63384' },
        { name: { zh: '萊姆綠', en: 'Lime' }, hex: '#A4D65E' },
      ],
    },
  };
