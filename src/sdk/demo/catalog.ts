/** The demo store's assortment: what sells, how it sells across the week and the year. */

/** Yearly pattern: none, a summer or winter peak, or a short December rush. */
export type YearlyPattern = 'flat' | 'summer' | 'winter' | 'december'

export interface ProductTemplate {
  readonly code: string
  readonly category: string
  readonly name: string
  readonly price: number
  readonly yearly: YearlyPattern
  /** Sold a few times a week or less: most days have no sale. */
  readonly intermittent: boolean
}

const t = (code: string, category: string, name: string, price: number, yearly: YearlyPattern = 'flat', intermittent = false): ProductTemplate => ({
  code,
  category,
  name,
  price,
  yearly,
  intermittent,
})

export const PRODUCT_TEMPLATES: readonly ProductTemplate[] = [
  t('COF', 'coffee', 'Espresso Beans 1kg', 18.9),
  t('COF', 'coffee', 'Colombian Ground 500g', 8.49),
  t('COF', 'coffee', 'Decaf Pods x10', 3.99),
  t('COF', 'coffee', 'Cold Brew Concentrate 1L', 6.5, 'summer'),
  t('TEA', 'tea', 'Earl Grey 50 Bags', 3.29),
  t('TEA', 'tea', 'Green Tea 100 Bags', 4.79),
  t('TEA', 'tea', 'Chai Latte Mix 250g', 5.49, 'winter'),
  t('BEV', 'beverages', 'Sparkling Water 6x1.5L', 3.49, 'summer'),
  t('BEV', 'beverages', 'Orange Juice 1L', 2.19),
  t('BEV', 'beverages', 'Peach Iced Tea 1.5L', 1.89, 'summer'),
  t('BEV', 'beverages', 'Hot Chocolate 400g', 4.29, 'winter'),
  t('SNK', 'snacks', 'Sea Salt Crisps 150g', 1.99),
  t('SNK', 'snacks', 'Dark Chocolate 100g', 2.49),
  t('SNK', 'snacks', 'Trail Mix 250g', 3.79),
  t('SNK', 'snacks', 'Gingerbread Cookies 300g', 3.49, 'december'),
  t('DAI', 'dairy', 'Whole Milk 1L', 1.09),
  t('DAI', 'dairy', 'Greek Yogurt 500g', 2.29),
  t('DAI', 'dairy', 'Vanilla Ice Cream 1L', 4.99, 'summer'),
  t('BAK', 'bakery', 'Sourdough Loaf', 3.9),
  t('BAK', 'bakery', 'Butter Croissants x4', 2.99),
  t('BAK', 'bakery', 'Panettone 750g', 9.99, 'december', true),
  t('HOU', 'household', 'Dish Soap 500ml', 1.79),
  t('HOU', 'household', 'Paper Towels x6', 5.49),
  t('HOU', 'household', 'Sunscreen SPF50 200ml', 11.9, 'summer'),
  t('HOU', 'household', 'Compact Umbrella', 14.99, 'winter', true),
  t('KIT', 'kitchen', 'Espresso Machine Descaler', 9.49, 'flat', true),
  t('KIT', 'kitchen', 'Cast Iron Pan 28cm', 39.9, 'flat', true),
  t('KIT', 'kitchen', 'French Press 1L', 24.5, 'flat', true),
  t('KIT', 'kitchen', 'Burr Coffee Grinder', 59, 'december', true),
  t('GFT', 'gifts', 'Coffee Gift Hamper', 34.9, 'december', true),
  t('GFT', 'gifts', 'Tea Tasting Set', 19.9, 'december', true),
  t('PER', 'personal care', 'Lip Balm 4.8g', 2.49, 'winter'),
  t('PER', 'personal care', 'Hand Cream 75ml', 3.99, 'winter'),
  t('PER', 'personal care', 'After Sun Lotion 200ml', 7.99, 'summer', true),
  t('FRZ', 'frozen', 'Frozen Berries 500g', 3.69),
  t('FRZ', 'frozen', 'Margherita Pizza', 2.99),
]

/**
 * The order products are made in: a slow mover after every three regular products, so that even
 * a five-product demo has one.
 */
export const DEMO_ORDER: readonly ProductTemplate[] = (() => {
  const regular = PRODUCT_TEMPLATES.filter((p) => !p.intermittent)
  const slow = PRODUCT_TEMPLATES.filter((p) => p.intermittent)
  const order: ProductTemplate[] = []
  while (regular.length > 0 || slow.length > 0) {
    order.push(...regular.splice(0, 3))
    order.push(...slow.splice(0, 1))
  }
  return order
})()

/** Variants used once the templates run out, so any number of products can be made. */
export const VARIANTS = ['', ' Organic', ' Family Pack', ' Value', ' Premium', ' Travel Size'] as const

/** Sales by weekday (Sunday first) per category: groceries peak on Friday and Saturday. */
export const WEEKLY_PROFILES: Record<string, readonly number[]> = {
  grocery: [0.8, 0.85, 0.9, 0.95, 1.05, 1.25, 1.3],
  household: [0.7, 1.0, 1.0, 1.0, 1.05, 1.15, 1.1],
  leisure: [1.2, 0.8, 0.8, 0.85, 0.95, 1.1, 1.4],
}

export function weeklyProfileFor(category: string): readonly number[] {
  if (['household', 'personal care'].includes(category)) return WEEKLY_PROFILES.household
  if (['kitchen', 'gifts'].includes(category)) return WEEKLY_PROFILES.leisure
  return WEEKLY_PROFILES.grocery
}
