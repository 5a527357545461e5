"""The privacy notice's text: the default one, and the words replaced from the settings.

The text is staff's to edit (PrivacyNotice in the admin); the retention periods, the controller
and the contact are written as $words, so that what signers read follows the settings.
"""

from string import Template

from django.conf import settings

# Version 1, published by the migration that introduced notices (0008); plain text, paragraphs
# separated by a blank line.
DEFAULT_TEXT = """\
Who is responsible. The controller of the personal data collected on this site is \
$controller. For anything about your data, write to $contact.

What we keep. When you sign, we keep your name, your email address, your country and, if you \
give it, your city; when you signed and confirmed; which of the two choices on the form you \
ticked and which version of this notice you were shown; and, to detect abuse, a keyed hash of \
your IP address (not the address itself) and your browser's name (user agent).

Why. To count your signature, once, after you confirm your email address, and to keep the \
count free of fraud. A signature may reveal a political opinion: by signing, you consent to \
this use of it (GDPR, Articles 6(1)(a) and 9(2)(a)). Only if you ticked the box for it, we \
email you campaign news. Only if you ticked the box for it, we show your name (and city) with \
your country among the petition's recent supporters and in the documents delivered to its \
addressees. Your email address is never shown or given to anyone outside the campaign.

How long. A signature not confirmed within $unverified_retention_days days is deleted. \
$closed_petition_retention_days days after a petition closes, the names, email addresses, \
cities, IP hashes and user agents of its signatures are erased; only the country and the \
dates remain, so that the count stays right.

Who sees it. The campaign's staff and, for those who consented to news, the organizers who \
send it. Our hosting and email providers process the data on our behalf only.

Your rights. You may withdraw your signature at any time with the link in your confirmation \
email: it is taken off the count at once, your data are erased, and you may sign again later. \
You may stop campaign news at any time. You have the right to access your data, to have them \
corrected or erased, to restrict or object to their use, and to receive them in a portable \
form: write to $contact. You may also complain to a data protection authority, in particular \
in the country where you live.
"""

# Version 1 as readers of the site's other languages read it (the migration 0013 gives it
# them); each says what the English says, written for its reader, with the same $words.
DEFAULT_TEXTS = {
    "en": DEFAULT_TEXT,
    "az": """\
Kim cavabdehdir. Bu saytda toplanan şəxsi məlumatların nəzarətçisi: $controller. \
Məlumatlarınızla bağlı istənilən məsələ üçün $contact ünvanına yazın.

Nə saxlayırıq. İmzaladığınız zaman adınızı, e-poçt ünvanınızı, ölkənizi və göstərmisinizsə, \
şəhərinizi; nə vaxt imzaladığınızı və təsdiqlədiyinizi; formadakı iki seçimdən hansını \
işarələdiyinizi və bu bildirişin hansı versiyasını gördüyünüzü; sui-istifadəni aşkar etmək üçün \
isə IP ünvanınızın gizli açarla hesablanmış heşini (ünvanın özünü yox) və brauzerinizin adını \
(istifadəçi agenti) saxlayırıq.

Nə üçün. İmzanızı e-poçt ünvanınızı təsdiqlədikdən sonra bir dəfə saymaq və sayı saxtakarlıqdan \
qorumaq üçün. İmza siyasi baxışınızı üzə çıxara bilər: imzalamaqla siz ondan bu məqsədlə \
istifadə olunmasına razılıq verirsiniz (GDPR, maddə 6(1)(a) və 9(2)(a)). Kampaniya xəbərlərini \
sizə e-poçtla yalnız bunun üçün nəzərdə tutulmuş xananı işarələmisinizsə göndəririk. Adınızı \
(və şəhərinizi) ölkənizlə birlikdə petisiyanın son tərəfdarları arasında və ünvan sahiblərinə \
təqdim olunan sənədlərdə yalnız bunun üçün nəzərdə tutulmuş xananı işarələmisinizsə göstəririk. \
E-poçt ünvanınız heç vaxt göstərilmir və kampaniyadan kənar heç kimə verilmir.

Nə qədər saxlayırıq. $unverified_retention_days gün ərzində təsdiqlənməyən imza silinir. \
Petisiya bağlandıqdan $closed_petition_retention_days gün sonra onun imzalarına aid adlar, \
e-poçt ünvanları, şəhərlər, IP heşləri və istifadəçi agentləri silinir; sayın düzgün qalması \
üçün yalnız ölkə və tarixlər saxlanılır.

Kim görür. Kampaniya əməkdaşları, xəbər almağa razılıq verənlərin məlumatlarını isə həm də \
xəbərləri göndərən təşkilatçılar. Hostinq və e-poçt xidməti təminatçılarımız məlumatları yalnız \
bizim adımızdan və tapşırığımızla emal edir.

Hüquqlarınız. İmzanızı istənilən vaxt təsdiq məktubunuzdakı link vasitəsilə geri götürə \
bilərsiniz: o dərhal saydan çıxarılır, məlumatlarınız silinir və sonradan yenidən imzalaya \
bilərsiniz. Kampaniya xəbərlərini istənilən vaxt dayandıra bilərsiniz. Məlumatlarınızla tanış \
olmaq, onların düzəldilməsini və ya silinməsini tələb etmək, onlardan istifadəni \
məhdudlaşdırmaq və ya buna etiraz etmək, həmçinin onları başqa xidmətə ötürülə bilən formada \
almaq hüququnuz var: $contact ünvanına yazın. Həmçinin məlumatların mühafizəsi üzrə nəzarət \
orqanına, xüsusən yaşadığınız ölkədəki orqana şikayət edə bilərsiniz.
""",
    "ru": """\
Кто отвечает за данные. Оператор персональных данных, собираемых на этом сайте: $controller. По \
любым вопросам о ваших данных пишите на $contact.

Что мы храним. Когда вы подписываете, мы сохраняем ваше имя, адрес электронной почты, страну и, \
если вы его указали, город; время подписания и подтверждения; какие из двух пунктов формы вы \
отметили и какая версия этого уведомления была вам показана; а для выявления злоупотреблений — \
хеш вашего IP-адреса, вычисленный с секретным ключом (но не сам адрес), и название вашего \
браузера (user agent).

Зачем. Чтобы учесть вашу подпись один раз, после того как вы подтвердите адрес электронной \
почты, и защитить подсчёт от подделок. Подпись может говорить о ваших политических взглядах: \
подписывая, вы соглашаетесь на такое её использование (GDPR, ст. 6(1)(a) и 9(2)(a)). Новости \
кампании мы присылаем вам по электронной почте, только если вы отметили соответствующий пункт. \
Ваше имя (и город) вместе со страной мы показываем среди новых сторонников петиции и в \
документах, передаваемых её адресатам, только если вы отметили соответствующий пункт. Ваш адрес \
электронной почты никогда не показывается и не передаётся никому вне кампании.

Как долго. Подпись, не подтверждённая в течение $unverified_retention_days дн., удаляется. \
Через $closed_petition_retention_days дн. после закрытия петиции имена, адреса электронной \
почты, города, хеши IP-адресов и сведения о браузерах её подписантов стираются; остаются только \
страна и даты, чтобы подсчёт оставался верным.

Кто их видит. Сотрудники кампании, а данные тех, кто согласился получать новости, — также \
организаторы, которые их рассылают. Наши хостинг-провайдер и почтовый сервис обрабатывают \
данные только по нашему поручению.

Ваши права. Вы можете в любой момент отозвать подпись по ссылке из письма с подтверждением: она \
сразу исключается из подсчёта, ваши данные стираются, а позже вы сможете подписать снова. Вы \
можете в любой момент отказаться от новостей кампании. Вы вправе получить доступ к своим \
данным, потребовать их исправления или удаления, ограничить их использование или возразить \
против него, а также получить их в переносимом формате: пишите на $contact. Вы также можете \
подать жалобу в надзорный орган по защите данных, в частности в стране, где вы живёте.
""",
    "tr": """\
Sorumlu kim. Bu sitede toplanan kişisel verilerin sorumlusu: $controller. Verilerinizle ilgili \
her konuda $contact adresine yazın.

Neleri saklıyoruz. İmzaladığınızda adınızı, e-posta adresinizi, ülkenizi ve belirttiyseniz \
şehrinizi; ne zaman imzaladığınızı ve onayladığınızı; formdaki iki seçenekten hangilerini \
işaretlediğinizi ve bu bildirimin hangi sürümünün size gösterildiğini; kötüye kullanımı tespit \
etmek için de IP adresinizin gizli bir anahtarla hesaplanmış özetini (adresin kendisini değil) \
ve tarayıcınızın adını (kullanıcı aracısı) saklıyoruz.

Neden. İmzanızı, e-posta adresinizi onayladıktan sonra bir kez saymak ve sayımı sahteciliğe \
karşı korumak için. Bir imza siyasi görüşünüzü ortaya koyabilir: imzalayarak imzanızın bu \
amaçla kullanılmasına onay vermiş olursunuz (GDPR, Madde 6(1)(a) ve 9(2)(a)). Kampanya \
haberlerini size e-postayla yalnızca bunun için ayrılmış kutuyu işaretlediyseniz göndeririz. \
Adınızı (ve şehrinizi) ülkenizle birlikte dilekçenin son destekçileri arasında ve muhataplarına \
teslim edilen belgelerde yalnızca bunun için ayrılmış kutuyu işaretlediyseniz gösteririz. \
E-posta adresiniz hiçbir zaman gösterilmez ve kampanya dışında kimseyle paylaşılmaz.

Ne kadar süre. $unverified_retention_days gün içinde onaylanmayan imza silinir. Bir dilekçe \
kapandıktan $closed_petition_retention_days gün sonra imzalarına ait adlar, e-posta adresleri, \
şehirler, IP özetleri ve kullanıcı aracıları silinir; sayım doğru kalsın diye yalnızca ülke ve \
tarihler kalır.

Kimler görür. Kampanya çalışanları ve haber almayı kabul edenlerin verilerini ayrıca haberleri \
gönderen düzenleyiciler. Barındırma ve e-posta hizmeti sağlayıcılarımız verileri yalnızca bizim \
adımıza işler.

Haklarınız. İmzanızı, onay e-postanızdaki bağlantıyla istediğiniz zaman geri çekebilirsiniz: \
imzanız hemen sayımdan düşülür, verileriniz silinir ve daha sonra yeniden imzalayabilirsiniz. \
Kampanya haberlerini istediğiniz zaman durdurabilirsiniz. Verilerinize erişme, bunları \
düzelttirme veya sildirme, kullanımlarını kısıtlama veya buna itiraz etme ve bunları \
taşınabilir bir biçimde alma hakkına sahipsiniz: $contact adresine yazın. Ayrıca özellikle \
yaşadığınız ülkedeki bir veri koruma otoritesine şikâyette bulunabilirsiniz.
""",
    "fr": """\
Responsable du traitement. Le responsable du traitement des données personnelles recueillies \
sur ce site est : $controller. Pour toute question sur vos données, écrivez à $contact.

Ce que nous conservons. Lorsque vous signez, nous conservons votre nom, votre adresse e-mail, \
votre pays et, si vous l'indiquez, votre ville ; la date de votre signature et de sa \
confirmation ; les cases du formulaire que vous avez cochées et la version du présent avis qui \
vous a été présentée ; et, pour détecter les abus, une empreinte de votre adresse IP calculée \
avec une clé secrète (et non l'adresse elle-même) ainsi que le nom de votre navigateur (user \
agent).

Pourquoi. Pour compter votre signature, une seule fois, après que vous avez confirmé votre \
adresse e-mail, et pour préserver le décompte de toute fraude. Une signature peut révéler une \
opinion politique : en signant, vous consentez à cet usage (RGPD, articles 6.1.a et 9.2.a). \
Nous ne vous envoyons les nouvelles de la campagne par e-mail que si vous avez coché la case \
prévue à cet effet. Nous n'affichons votre nom (et votre ville) avec votre pays parmi les \
derniers soutiens de la pétition et dans les documents remis à ses destinataires que si vous \
avez coché la case prévue à cet effet. Votre adresse e-mail n'est jamais affichée ni \
communiquée à quiconque en dehors de la campagne.

Durée de conservation. Une signature qui n'est pas confirmée dans un délai de \
$unverified_retention_days jours est supprimée. $closed_petition_retention_days jours après la \
clôture d'une pétition, les noms, adresses e-mail, villes, empreintes d'adresse IP et user \
agents de ses signatures sont effacés ; seuls le pays et les dates sont conservés, afin que le \
décompte reste exact.

Qui y a accès. L'équipe de la campagne et, pour les personnes qui ont accepté de recevoir les \
nouvelles, les organisateurs qui les envoient. Nos prestataires d'hébergement et d'envoi \
d'e-mails ne traitent les données que pour notre compte.

Vos droits. Vous pouvez retirer votre signature à tout moment grâce au lien de votre e-mail de \
confirmation : elle est aussitôt retirée du décompte, vos données sont effacées et vous pourrez \
signer de nouveau plus tard. Vous pouvez cesser de recevoir les nouvelles de la campagne à tout \
moment. Vous avez le droit d'accéder à vos données, de les faire rectifier ou effacer, d'en \
limiter l'usage ou de vous y opposer, et de les recevoir dans un format portable : écrivez à \
$contact. Vous pouvez aussi adresser une réclamation à une autorité de protection des données, \
en particulier dans le pays où vous vivez.
""",
    "es": """\
Responsable. El responsable del tratamiento de los datos personales recogidos en este sitio es \
$controller. Para cualquier cuestión sobre sus datos, escriba a $contact.

Qué conservamos. Cuando usted firma, conservamos su nombre, su dirección de correo electrónico, \
su país y, si la indica, su ciudad; cuándo firmó y cuándo confirmó; cuáles de las dos casillas \
del formulario marcó y qué versión de este aviso se le mostró; y, para detectar abusos, un hash \
de su dirección IP calculado con una clave secreta (no la dirección en sí) y el nombre de su \
navegador (agente de usuario).

Para qué. Para contar su firma una sola vez, después de que confirme su dirección de correo \
electrónico, y para proteger el recuento del fraude. Una firma puede revelar una opinión \
política: al firmar, usted consiente este uso (RGPD, artículos 6.1.a) y 9.2.a)). Solo le \
enviamos por correo electrónico las noticias de la campaña si marcó la casilla correspondiente. \
Solo mostramos su nombre (y su ciudad) junto a su país entre los últimos simpatizantes de la \
petición y en los documentos entregados a sus destinatarios si marcó la casilla \
correspondiente. Su dirección de correo electrónico nunca se muestra ni se cede a nadie ajeno a \
la campaña.

Cuánto tiempo. Una firma que no se confirma en $unverified_retention_days días se elimina. \
$closed_petition_retention_days días después del cierre de una petición, se borran los nombres, \
las direcciones de correo electrónico, las ciudades, los hashes de IP y los agentes de usuario \
de sus firmas; solo quedan el país y las fechas, para que el recuento siga siendo correcto.

Quién los ve. El equipo de la campaña y, en el caso de quienes aceptaron recibir noticias, los \
organizadores que las envían. Nuestros proveedores de alojamiento y de correo electrónico \
tratan los datos únicamente por cuenta nuestra.

Sus derechos. Puede retirar su firma en cualquier momento con el enlace de su correo de \
confirmación: se descuenta de inmediato, sus datos se borran y podrá volver a firmar más \
adelante. Puede dejar de recibir las noticias de la campaña en cualquier momento. Tiene derecho \
a acceder a sus datos, a que se rectifiquen o supriman, a limitar su uso u oponerse a él y a \
recibirlos en un formato portable: escriba a $contact. También puede presentar una reclamación \
ante una autoridad de protección de datos, en particular en el país donde reside.
""",
    "de": """\
Verantwortlich. Verantwortlich für die auf dieser Website erhobenen personenbezogenen Daten \
ist: $controller. Bei allen Fragen zu Ihren Daten schreiben Sie an $contact.

Was wir speichern. Wenn Sie unterschreiben, speichern wir Ihren Namen, Ihre E-Mail-Adresse, Ihr \
Land und, falls Sie sie angeben, Ihre Stadt; wann Sie unterschrieben und bestätigt haben; \
welche der beiden Optionen im Formular Sie angekreuzt haben und welche Fassung dieses Hinweises \
Ihnen angezeigt wurde; und, um Missbrauch zu erkennen, einen mit einem geheimen Schlüssel \
gebildeten Hash Ihrer IP-Adresse (nicht die Adresse selbst) sowie den Namen Ihres Browsers \
(User-Agent).

Wozu. Um Ihre Unterschrift einmal zu zählen, nachdem Sie Ihre E-Mail-Adresse bestätigt haben, \
und um die Zählung vor Betrug zu schützen. Eine Unterschrift kann eine politische Meinung \
erkennen lassen: Mit Ihrer Unterschrift willigen Sie in diese Verwendung ein (Art. 6 Abs. 1 \
lit. a und Art. 9 Abs. 2 lit. a DSGVO). Neuigkeiten der Kampagne senden wir Ihnen nur dann per \
E-Mail, wenn Sie das Kästchen dafür angekreuzt haben. Ihren Namen (und Ihre Stadt) zeigen wir \
mit Ihrem Land nur dann unter den neuesten Unterstützerinnen und Unterstützern der Petition und \
in den Dokumenten, die ihren Adressaten übergeben werden, wenn Sie das Kästchen dafür \
angekreuzt haben. Ihre E-Mail-Adresse wird niemals angezeigt oder an Personen außerhalb der \
Kampagne weitergegeben.

Wie lange. Eine Unterschrift, die nicht innerhalb von $unverified_retention_days Tagen \
bestätigt wird, wird gelöscht. $closed_petition_retention_days Tage nach dem Ende einer \
Petition werden die Namen, E-Mail-Adressen, Städte, IP-Hashes und User-Agents ihrer \
Unterschriften gelöscht; nur das Land und die Zeitpunkte bleiben erhalten, damit die Zählung \
stimmt.

Wer sie sieht. Das Team der Kampagne und, bei allen, die in Neuigkeiten eingewilligt haben, die \
Organisatorinnen und Organisatoren, die sie versenden. Unsere Hosting- und E-Mail-Dienstleister \
verarbeiten die Daten ausschließlich in unserem Auftrag.

Ihre Rechte. Sie können Ihre Unterschrift jederzeit über den Link in Ihrer Bestätigungs-E-Mail \
zurückziehen: Sie wird sofort aus der Zählung genommen, Ihre Daten werden gelöscht, und Sie \
können später erneut unterschreiben. Sie können die Neuigkeiten der Kampagne jederzeit \
abbestellen. Sie haben das Recht auf Auskunft über Ihre Daten, auf ihre Berichtigung oder \
Löschung, auf Einschränkung ihrer Verarbeitung oder Widerspruch dagegen sowie darauf, sie in \
einem übertragbaren Format zu erhalten: Schreiben Sie an $contact. Sie können sich außerdem bei \
einer Datenschutzaufsichtsbehörde beschweren, insbesondere in dem Land, in dem Sie leben.
""",
    "ar": """\
المسؤول عن البيانات. الجهة المسؤولة عن معالجة البيانات الشخصية التي تُجمع على هذا الموقع: \
$controller. لأي استفسار يتعلق ببياناتكم، راسلونا على $contact.

ما الذي نحتفظ به. عندما توقّعون، نحتفظ باسمكم وعنوان بريدكم الإلكتروني وبلدكم، ومدينتكم إن \
ذكرتموها؛ وبوقت توقيعكم وتأكيده؛ وبما أشرتم إليه من الخيارين الواردين في النموذج، وبنسخة هذا \
الإشعار التي عُرضت عليكم؛ وللكشف عن إساءة الاستخدام، بقيمة تجزئة لعنوان IP الخاص بكم محسوبة \
بمفتاح سري (لا العنوان نفسه)، وباسم متصفحكم (وكيل المستخدم).

لماذا. لاحتساب توقيعكم مرة واحدة بعد أن تؤكدوا عنوان بريدكم الإلكتروني، ولحماية العدّ من \
التزوير. قد يكشف التوقيع عن رأي سياسي: وبتوقيعكم توافقون على استخدامه على هذا النحو (اللائحة \
العامة لحماية البيانات، المادتان 6(1)(أ) و9(2)(أ)). لا نرسل إليكم أخبار الحملة بالبريد \
الإلكتروني إلا إذا أشرتم إلى الخانة المخصصة لذلك. ولا نعرض اسمكم (ومدينتكم) مع بلدكم ضمن أحدث \
المؤيدين للعريضة وفي الوثائق المسلَّمة إلى الجهات المخاطَبة بها إلا إذا أشرتم إلى الخانة \
المخصصة لذلك. ولا يُعرض عنوان بريدكم الإلكتروني أبدًا، ولا يُعطى لأحد من خارج الحملة.

المدة. يُحذف التوقيع الذي لا يُؤكَّد خلال $unverified_retention_days يومًا. وبعد \
$closed_petition_retention_days يومًا من إغلاق العريضة، تُمحى من توقيعاتها الأسماء وعناوين \
البريد الإلكتروني والمدن وقيم تجزئة عناوين IP ووكلاء المستخدم؛ ولا يبقى إلا البلد والتواريخ، \
ليظل العدّ صحيحًا.

من يطّلع عليها. فريق الحملة، وكذلك المنظمون الذين يرسلون الأخبار، فيما يخص من وافقوا على \
تلقيها. ولا يعالج مزوّدو الاستضافة والبريد الإلكتروني لدينا البيانات إلا نيابةً عنا.

حقوقكم. يمكنكم سحب توقيعكم في أي وقت عبر الرابط الوارد في رسالة التأكيد: فيُحذف من العدّ فورًا، \
وتُمحى بياناتكم، ويمكنكم التوقيع مجددًا لاحقًا. ويمكنكم إيقاف أخبار الحملة في أي وقت. ولكم الحق \
في الاطلاع على بياناتكم، وفي تصحيحها أو محوها، وفي تقييد استخدامها أو الاعتراض عليه، وفي الحصول \
عليها بصيغة قابلة للنقل: راسلونا على $contact. كما يمكنكم تقديم شكوى إلى سلطة لحماية البيانات، \
ولا سيما في البلد الذي تقيمون فيه.
""",
}


def privacy_notice_words():
    """Return the $words of a notice's text and their values from the settings."""
    return {
        "controller": settings.PETITIONS_PRIVACY_CONTROLLER,
        "contact": settings.PETITIONS_PRIVACY_CONTACT,
        "unverified_retention_days": str(settings.PETITIONS_UNVERIFIED_RETENTION_DAYS),
        "closed_petition_retention_days": str(settings.PETITIONS_CLOSED_PETITION_RETENTION_DAYS),
    }


def privacy_notice_text(text):
    """Return a notice's text with its $words replaced; any other $ is left as written."""
    # string.Template, not str.format or a Django template: staff's text cannot reach an
    # attribute or a tag, only these names.
    return Template(text).safe_substitute(privacy_notice_words())
