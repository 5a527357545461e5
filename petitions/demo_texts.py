"""The demo campaign's name, declaration and petition in each of the site's languages.

Content, not interface: written for a reader of each language in the campaign's sober
register (locale/GLOSSARY.md keeps the key terms), from the English of petitions/demo.py.
Numbers are written as each language writes them in running text.
"""

CAMPAIGN_NAMES = {
    "en": "Justice for Khojaly",
    "az": "Xocalıya ədalət",
    "ru": "Справедливость для Ходжалы",
    "tr": "Hocalı'ya Adalet",
    "fr": "Justice pour Khojaly",
    "es": "Justicia para Khojaly",
    "de": "Gerechtigkeit für Chodschali",
    "ar": "العدالة لخوجالي",
}

DECLARATION_TITLES = {
    "en": "Declaration: Justice for Khojaly",
    "az": "Bəyannamə: Xocalıya ədalət",
    "ru": "Декларация «Справедливость для Ходжалы»",
    "tr": "Bildirge: Hocalı'ya Adalet",
    "fr": "Déclaration\u00a0: Justice pour Khojaly",
    "es": "Declaración: Justicia para Khojaly",
    "de": "Erklärung: Gerechtigkeit für Chodschali",
    "ar": "إعلان: العدالة لخوجالي",
}

DECLARATION_TEXTS = {
    "az": """\
Biz, aşağıda imza edənlər, 1992-ci il fevralın 26-da Xocalıda qətlə yetirilmiş 613 dinc \
sakini, girov götürülmüş 1275 nəfəri və itkin düşmüş 150 nəfərdən hələ də xəbər gözləyən \
ailələri yad edirik.

Bəyan edirik ki, dinc insanların qətli nə unudula, nə də inkar edilə bilər; qurbanların \
xatirəsi bütün bəşəriyyətə məxsusdur və gecikən ədalət heç vaxt ədalətsizliyə çevrilməməlidir.

Hər ölkədən və hər dindən olan insanları Xocalıda baş verənləri öyrənməyə, bu barədə danışmağa \
və sağ qalanların yanında olmağa çağırırıq.""",
    "ru": """\
Мы, нижеподписавшиеся, чтим память 613 мирных жителей, убитых в Ходжалы 26 февраля 1992 года, \
1275 человек, взятых в заложники, и семей, которые до сих пор ждут вестей о 150 пропавших без \
вести.

Мы заявляем, что убийство мирных жителей не может быть ни забыто, ни отрицаемо, что память о \
его жертвах принадлежит всему человечеству и что запоздалое правосудие не должно обернуться \
отказом в правосудии.

Мы призываем людей всех стран и вероисповеданий узнать, что произошло в Ходжалы, говорить об \
этом и поддержать тех, кто выжил.""",
    "tr": """\
Biz, aşağıda imzası bulunanlar, 26 Şubat 1992'de Hocalı'da öldürülen 613 sivili, rehin alınan \
1.275 kişiyi ve hâlâ kayıp olan 150 kişiden haber bekleyen aileleri anıyoruz.

Sivillerin öldürülmesinin unutulamayacağını ve inkâr edilemeyeceğini, kurbanların hatırasının \
tüm insanlığa ait olduğunu ve geciken adaletin esirgenen adalete dönüşmemesi gerektiğini beyan \
ediyoruz.

Her ülkeden ve her inançtan insanları, Hocalı'da yaşananları öğrenmeye, bunları dile getirmeye \
ve hayatta kalanların yanında durmaya çağırıyoruz.""",
    "fr": """\
Nous, soussignés, rendons hommage aux 613 civils tués à Khojaly le 26 février 1992, aux \
1\u202f275 personnes prises en otage, et aux familles qui attendent toujours des nouvelles des \
150 disparus.

Nous déclarons que le meurtre de civils ne peut être ni oublié ni nié, que la mémoire de ses \
victimes appartient à l'humanité tout entière, et qu'une justice tardive ne doit pas devenir \
une justice refusée.

Nous appelons les femmes et les hommes de tous les pays et de toutes les confessions à \
apprendre ce qui s'est passé à Khojaly, à en parler et à se tenir aux côtés des survivants.""",
    "es": """\
Los abajo firmantes recordamos a los 613 civiles asesinados en Khojaly el 26 de febrero de \
1992, a las 1275 personas tomadas como rehenes y a las familias que aún esperan noticias de los \
150 desaparecidos.

Declaramos que el asesinato de civiles no puede olvidarse ni negarse, que la memoria de sus \
víctimas pertenece a toda la humanidad y que una justicia tardía no debe convertirse en una \
justicia denegada.

Hacemos un llamamiento a las personas de todos los países y creencias para que conozcan lo que \
ocurrió en Khojaly, hablen de ello y acompañen a los supervivientes.""",
    "de": """\
Wir, die Unterzeichnenden, gedenken der 613 Zivilisten, die am 26. Februar 1992 in Chodschali \
getötet wurden, der 1275 Menschen, die als Geiseln genommen wurden, und der Familien, die noch \
immer auf eine Nachricht von den 150 Vermissten warten.

Wir erklären, dass die Tötung von Zivilisten weder vergessen noch geleugnet werden darf, dass \
die Erinnerung an ihre Opfer der ganzen Menschheit gehört und dass verzögerte Gerechtigkeit \
nicht zu verweigerter Gerechtigkeit werden darf.

Wir rufen die Menschen aller Länder und Glaubensrichtungen auf, zu erfahren, was in Chodschali \
geschehen ist, darüber zu sprechen und an der Seite der Überlebenden zu stehen.""",
    "ar": """\
نحن الموقّعين أدناه، نستذكر المدنيين الـ613 الذين قُتلوا في خوجالي في 26 فبراير/شباط 1992، \
والأشخاص الـ1275 الذين أُخذوا رهائن، والعائلات التي لا تزال تنتظر خبرًا عن المفقودين الـ150.

ونعلن أن قتل المدنيين لا يجوز أن يُنسى أو يُنكَر، وأن ذكرى ضحاياه مِلكٌ للإنسانية جمعاء، وأن \
تأخُّر العدالة يجب ألّا يتحوّل إلى إنكارٍ لها.

وندعو الناس في كل بلد ومن كل دين إلى أن يعرفوا ما جرى في خوجالي، وأن يتحدّثوا عنه، وأن يقفوا \
إلى جانب الناجين.""",
}

PETITION_TITLES = {
    "en": "Recognize the Khojaly massacre as a crime against humanity",
    "az": "Xocalı qətliamını insanlığa qarşı cinayət kimi tanıyın",
    "ru": "Признайте Ходжалинскую резню преступлением против человечности",
    "tr": "Hocalı Katliamı'nı insanlığa karşı suç olarak tanıyın",
    "fr": "Reconnaissez le massacre de Khojaly comme un crime contre l'humanité",
    "es": "Reconozcan la masacre de Khojaly como crimen de lesa humanidad",
    "de": "Erkennen Sie das Massaker von Chodschali als Verbrechen gegen die Menschlichkeit an",
    "ar": "اعترفوا بمجزرة خوجالي جريمةً ضد الإنسانية",
}

PETITION_TEXTS = {
    "az": """\
1992-ci il fevralın 26-da Azərbaycanın Xocalı şəhərinin 613 dinc sakini qətlə yetirildi, \
1275 nəfər girov götürüldü, 150 nəfər isə hələ də itkin düşmüş sayılır. Aradan otuz ildən çox \
vaxt keçsə də, heç kim məsuliyyətə cəlb olunmayıb.

Biz, müxtəlif ölkələrin vətəndaşları, sizdən xahiş edirik:

1. Xocalı qətliamını insanlığa qarşı cinayət kimi tanıyın;
2. günahkarların ədalət qarşısında cavab verməsi üçün müstəqil araşdırmaya dəstək olun;
3. itkin düşənlərin taleyinin aydınlaşdırılmasına və həlak olanların qalıqlarının ailələrinə \
qaytarılmasına kömək edin;
4. bu faciənin heç vaxt və heç yerdə təkrarlanmaması üçün qətliamı dinc əhaliyə qarşı \
törədilmiş cinayətlərin xatirəsinə daxil edin.""",
    "ru": """\
26 февраля 1992 года в азербайджанском городе Ходжалы были убиты 613 мирных жителей; 1275 \
человек были взяты в заложники, 150 до сих пор числятся пропавшими без вести. Прошло более \
тридцати лет, но никто так и не понёс ответственности.

Мы, граждане многих стран, просим вас:

1. признать Ходжалинскую резню преступлением против человечности;
2. поддержать независимое расследование, чтобы виновные предстали перед правосудием;
3. помочь установить судьбу пропавших без вести и вернуть останки погибших их семьям;
4. сохранить память об этой резне среди преступлений против мирного населения, чтобы подобное \
никогда и нигде не повторилось.""",
    "tr": """\
26 Şubat 1992'de Azerbaycan'ın Hocalı kasabasında 613 sivil öldürüldü; 1.275 kişi rehin \
alındı, 150 kişiden hâlâ haber alınamıyor. Aradan otuz yılı aşkın bir süre geçmesine rağmen \
hiç kimse hesap vermedi.

Biz, birçok ülkenin vatandaşları olarak sizden şunları istiyoruz:

1. Hocalı Katliamı'nı insanlığa karşı suç olarak tanımanızı;
2. sorumluların yargı önüne çıkarılması için bağımsız bir soruşturmayı desteklemenizi;
3. kayıpların akıbetinin aydınlatılmasına ve hayatını kaybedenlerin naaşlarının ailelerine \
teslim edilmesine yardımcı olmanızı;
4. bir daha hiçbir yerde yaşanmaması için bu katliamı sivillere karşı işlenen suçların \
hatırasına dâhil etmenizi.""",
    "fr": """\
Le 26 février 1992, 613 civils de la ville de Khojaly, en Azerbaïdjan, ont été tués\u00a0; \
1\u202f275 personnes ont été prises en otage et 150 sont toujours portées disparues. Plus de \
trente ans après, personne n'a eu à en répondre.

Nous, citoyens de nombreux pays, vous demandons\u00a0:

1. de reconnaître le massacre de Khojaly comme un crime contre l'humanité\u00a0;
2. de soutenir une enquête indépendante, afin que les responsables soient traduits en \
justice\u00a0;
3. d'aider à établir le sort des disparus et à rendre aux familles les dépouilles de leurs \
morts\u00a0;
4. d'inscrire ce massacre dans la mémoire des crimes commis contre des civils, afin qu'il ne \
se reproduise jamais, nulle part.""",
    "es": """\
El 26 de febrero de 1992, 613 civiles de la ciudad de Khojaly, en Azerbaiyán, fueron \
asesinados; 1275 personas fueron tomadas como rehenes y 150 siguen desaparecidas. Más de \
treinta años después, nadie ha rendido cuentas.

Los ciudadanos de muchos países que firmamos les pedimos que:

1. reconozcan la masacre de Khojaly como crimen de lesa humanidad;
2. apoyen una investigación independiente para que los responsables comparezcan ante la \
justicia;
3. ayuden a esclarecer el paradero de los desaparecidos y a devolver los restos de los \
fallecidos a sus familias;
4. incluyan la masacre en la memoria de los crímenes contra la población civil, para que no \
se repita nunca, en ningún lugar.""",
    "de": """\
Am 26. Februar 1992 wurden in der aserbaidschanischen Stadt Chodschali 613 Zivilisten \
getötet; 1275 Menschen wurden als Geiseln genommen, 150 gelten bis heute als vermisst. Mehr \
als dreißig Jahre später ist noch niemand dafür zur Rechenschaft gezogen worden.

Wir, Bürgerinnen und Bürger vieler Länder, bitten Sie:

1. das Massaker von Chodschali als Verbrechen gegen die Menschlichkeit anzuerkennen;
2. eine unabhängige Untersuchung zu unterstützen, damit die Verantwortlichen vor Gericht \
gestellt werden;
3. dabei zu helfen, das Schicksal der Vermissten aufzuklären und die sterblichen Überreste der \
Toten ihren Familien zurückzugeben;
4. das Massaker in das Gedenken an die Verbrechen an Zivilisten aufzunehmen, damit es sich \
nie und nirgends wiederholt.""",
    "ar": """\
في 26 فبراير/شباط 1992، قُتل 613 مدنيًا من أهالي مدينة خوجالي في أذربيجان، وأُخذ 1275 \
شخصًا رهائن، ولا يزال 150 منهم في عداد المفقودين. وبعد مرور أكثر من ثلاثين عامًا، لم يُحاسَب \
أحد.

نحن، مواطني بلدان كثيرة، نطالبكم بما يلي:

1. الاعتراف بمجزرة خوجالي جريمةً ضد الإنسانية؛
2. دعم تحقيق مستقل يُقدَّم بموجبه المسؤولون عنها إلى العدالة؛
3. المساعدة في كشف مصير المفقودين، وإعادة رفات الضحايا إلى ذويهم؛
4. إدراج هذه المجزرة في ذاكرة الجرائم المرتكبة بحق المدنيين، كي لا تتكرر أبدًا في أي مكان.""",
}
